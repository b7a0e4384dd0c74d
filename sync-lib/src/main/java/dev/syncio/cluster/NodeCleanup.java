package dev.syncio.cluster;

import dev.syncio.conversation.NodeLossListener;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes one node's entries out of Redis: its sockets out of every conversation it had sockets in,
 * its typing users, its keys and its place in the registry, and tells the listener which users
 * went offline and stopped typing because of it. Used for a node that died (by the node that wins
 * the claim) and by a node that shuts down (on itself).
 * <p>
 * Exactly once: the claim ({@code SET <prefix>:cleanup:<node> NX PX}) lets one node do it, and
 * each conversation is cleaned by one atomic script that finds nothing left the second time. A
 * cleaner that dies half way leaves the claim to expire; the next one picks up what is left (a
 * typing user may then be announced twice, which is harmless, rather than not at all).
 */
final class NodeCleanup {

    private static final Logger log = LoggerFactory.getLogger(NodeCleanup.class);

    private final RedissonClient client;
    private final RScript script;
    private final ClusterKeys keys;
    private final String self;
    private final Duration claimTtl;
    private final NodeLossListener listener;

    /**
     * @param self     the node that cleans up (the claim's value, for whoever inspects Redis)
     * @param claimTtl how long the claim holds: longer than a cleanup takes
     */
    NodeCleanup(RedissonClient client, ClusterKeys keys, String self, Duration claimTtl, NodeLossListener listener) {
        this.client = client;
        this.script = client.getScript(StringCodec.INSTANCE);
        this.keys = keys;
        this.self = self;
        this.claimTtl = claimTtl;
        this.listener = listener;
    }

    /** Cleans up after {@code node} if no other node does; completes with whether this one did. */
    CompletableFuture<Boolean> run(String node) {
        return Async.call(() -> client.<String>getBucket(keys.cleanup(node), StringCodec.INSTANCE)
                        .setIfAbsentAsync(self, claimTtl))
                .thenCompose(won -> won ? cleanUp(node).thenApply(done -> true) : CompletableFuture.completedFuture(false));
    }

    private CompletableFuture<Void> cleanUp(String node) {
        return Async.call(() -> client.<String, String>getMap(keys.nodePresence(node), StringCodec.INSTANCE).readAllKeySetAsync())
                .thenCompose(conversations -> Async.eachInTurn(conversations, key -> removeFrom(node, key)))
                .thenCompose(done -> Async.call(() -> client.<String>getSet(keys.nodeTyping(node), StringCodec.INSTANCE).readAllAsync()))
                .thenAccept(this::stoppedTyping)
                .thenCompose(done -> Async.call(() -> client.getKeys().deleteAsync(
                        keys.nodePresence(node), keys.nodeTyping(node), keys.alive(node))))
                .thenCompose(deleted -> Async.call(() -> client.<String>getSet(keys.nodes(), StringCodec.INSTANCE).removeAsync(node)))
                .thenApply(removed -> null);
    }

    private CompletionStage<Void> removeFrom(String node, String presenceKey) {
        return Async.<List<Object>>call(() -> script.evalAsync(RScript.Mode.READ_WRITE, PresenceScripts.REMOVE_NODE,
                        RScript.ReturnType.LIST, List.of(presenceKey, keys.nodePresence(node)), node))
                .thenAccept(offline -> {
                    List<String> conversation = parse(() -> keys.parsePresence(presenceKey));
                    if (conversation == null) {
                        log.warn("node cleanup: {} is not a presence key; its users are not announced", presenceKey);
                        return;
                    }
                    for (Object user : offline) {
                        tell(() -> listener.wentOffline(conversation.get(0), conversation.get(1), String.valueOf(user)));
                    }
                });
    }

    private void stoppedTyping(Set<String> entries) {
        for (String entry : entries) {
            List<String> typing = parse(() -> ClusterKeys.parseTypingEntry(entry));
            if (typing == null) {
                log.warn("node cleanup: skipping malformed typing entry {}", entry);
                continue;
            }
            tell(() -> listener.stoppedTyping(typing.get(0), typing.get(1), typing.get(2)));
        }
    }

    private static List<String> parse(java.util.function.Supplier<List<String>> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            return null; // a bad escape: not written by syncio
        }
    }

    /** A listener that throws must not stop the cleanup: the other users still need announcing. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("node cleanup: the node loss listener failed", e);
        }
    }
}
