package dev.syncio;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;

/**
 * The host's answer to "may this user subscribe to this topic?", asked on every {@code subscribe}
 * and again for each topic a recovering client was subscribed to. Unknown and not-allowed topics
 * both answer {@code false} (the client gets {@code forbidden} either way, so it cannot probe which
 * topics exist).
 *
 * <p>A topic is any server-side resource a client keeps in step with: an orders board
 * ({@code "orders"}), one pipeline job's log ({@code "jobs:42:log"}), a watched folder. Called on
 * the socket's callback thread, never on a Netty event loop; the same rules as
 * {@link ConversationAccess} apply to a policy that does I/O.
 *
 * <pre>{@code
 * SyncServer.builder().topicAccess(TopicAccess.blocking((user, topic) -> topic.equals("orders")))
 * }</pre>
 */
@FunctionalInterface
public interface TopicAccess {

    /** Whether {@code principal} may subscribe to {@code topic}; a failed stage counts as no. */
    CompletionStage<Boolean> canSubscribe(Principal principal, String topic);

    /**
     * A policy from a predicate that answers at once (an in-memory look-up): it runs on the calling
     * callback thread. For one that does I/O use {@link #blocking(BiPredicate, Executor)}.
     */
    static TopicAccess blocking(BiPredicate<Principal, String> allowed) {
        Objects.requireNonNull(allowed, "allowed");
        return (principal, topic) -> CompletableFuture.completedFuture(allowed.test(principal, topic));
    }

    /**
     * A policy from a blocking predicate (a database query) that runs on {@code executor}, never on
     * syncio's callback threads. Give it a bounded executor: when it refuses a task, or the
     * predicate throws, the answer is no.
     */
    static TopicAccess blocking(BiPredicate<Principal, String> allowed, Executor executor) {
        Objects.requireNonNull(allowed, "allowed");
        Objects.requireNonNull(executor, "executor");
        return (principal, topic) -> CompletableFuture.supplyAsync(() -> allowed.test(principal, topic), executor);
    }

    /** The default: no topic may be subscribed to until the host says otherwise. */
    static TopicAccess denyAll() {
        return (principal, topic) -> CompletableFuture.completedFuture(false);
    }
}
