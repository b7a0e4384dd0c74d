package dev.syncio.cluster;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Helpers for calling Redisson's asynchronous API without ever waiting on a thread. Public only
 * because the session store lives in another package. Internal: not part of syncio's API.
 */
public final class Async {

    private Async() {
    }

    /**
     * The stage that {@code call} returns, or a failed one if it threw (Redisson throws at once,
     * for instance, once the client is shut down), so that callers handle one kind of failure.
     */
    public static <T> CompletableFuture<T> call(Supplier<? extends CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs {@code step} for each item in turn, each once the previous one's stage completed, and
     * stops at the first failure. One at a time keeps a large cleanup from flooding Redis and
     * Redisson's queues; a loop rather than recursion, so stages that are already complete do not
     * grow the stack.
     */
    public static <T> CompletableFuture<Void> eachInTurn(Iterable<T> items, Function<T, ? extends CompletionStage<?>> step) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        next(items.iterator(), step, done);
        return done;
    }

    private static <T> void next(Iterator<T> items, Function<T, ? extends CompletionStage<?>> step,
                                 CompletableFuture<Void> done) {
        while (items.hasNext()) {
            T item = items.next();
            CompletableFuture<?> stage;
            try {
                stage = step.apply(item).toCompletableFuture();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            if (!stage.isDone()) {
                stage.whenComplete((result, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else {
                        next(items, step, done);
                    }
                });
                return;
            }
            if (stage.isCompletedExceptionally()) {
                stage.whenComplete((result, error) -> done.completeExceptionally(error));
                return;
            }
        }
        done.complete(null);
    }

    /** {@code error} as thrown from a stage's function, without wrapping it twice. */
    static CompletionException asCompletionException(Throwable error) {
        return error instanceof CompletionException completion ? completion : new CompletionException(error);
    }
}
