package dev.syncio;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;

/**
 * The host's answer to "may this user join this conversation?", asked on every
 * {@code join_conversation}. Unknown and not-allowed conversations both answer {@code false}
 * (the client gets {@code forbidden} either way, so it cannot probe which ids exist).
 *
 * <p>Called on the socket's callback thread, never on a Netty event loop: a blocking database
 * look-up is fine ({@link #blocking}); an asynchronous one returns a stage that completes later.
 */
@FunctionalInterface
public interface ConversationAccess {

    /** Whether {@code principal} may join {@code conversationId}; a failed stage counts as no. */
    CompletionStage<Boolean> canJoin(Principal principal, String conversationId);

    /** An access policy from a plain (possibly blocking) predicate. */
    static ConversationAccess blocking(BiPredicate<Principal, String> allowed) {
        Objects.requireNonNull(allowed, "allowed");
        return (principal, id) -> CompletableFuture.completedFuture(allowed.test(principal, id));
    }

    /** The default: nobody may join anything until the host says otherwise. */
    static ConversationAccess denyAll() {
        return (principal, id) -> CompletableFuture.completedFuture(false);
    }
}
