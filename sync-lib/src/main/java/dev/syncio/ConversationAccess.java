package dev.syncio;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;

/**
 * The host's answer to "may this user join this conversation?", asked on every
 * {@code join_conversation}. Unknown and not-allowed conversations both answer {@code false}
 * (the client gets {@code forbidden} either way, so it cannot probe which ids exist).
 *
 * <p>Called on the socket's callback thread, never on a Netty event loop. A policy that does I/O
 * (a database look-up) either returns a stage that completes later, or runs on an executor of the
 * host's ({@link #blocking(BiPredicate, Executor)}), so that a slow database holds the host's
 * threads and not the callback threads every user's events need. syncio waits for the answer
 * without holding a thread, 10 s at most (then the answer is no).
 */
@FunctionalInterface
public interface ConversationAccess {

    /** Whether {@code principal} may join {@code conversationId}; a failed stage counts as no. */
    CompletionStage<Boolean> canJoin(Principal principal, String conversationId);

    /**
     * An access policy from a predicate that answers at once (an in-memory look-up): it runs on
     * the calling callback thread. For one that does I/O use
     * {@link #blocking(BiPredicate, Executor)}.
     */
    static ConversationAccess blocking(BiPredicate<Principal, String> allowed) {
        Objects.requireNonNull(allowed, "allowed");
        return (principal, id) -> CompletableFuture.completedFuture(allowed.test(principal, id));
    }

    /**
     * An access policy from a blocking predicate (a database query) that runs on {@code executor},
     * never on syncio's callback threads. Give it a bounded executor: when it refuses a task (its
     * queue is full), or the predicate throws, the answer is no.
     */
    static ConversationAccess blocking(BiPredicate<Principal, String> allowed, Executor executor) {
        Objects.requireNonNull(allowed, "allowed");
        Objects.requireNonNull(executor, "executor");
        return (principal, id) -> CompletableFuture.supplyAsync(() -> allowed.test(principal, id), executor);
    }

    /** The default: nobody may join anything until the host says otherwise. */
    static ConversationAccess denyAll() {
        return (principal, id) -> CompletableFuture.completedFuture(false);
    }
}
