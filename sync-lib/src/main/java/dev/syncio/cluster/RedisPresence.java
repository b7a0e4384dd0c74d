package dev.syncio.cluster;

import dev.syncio.conversation.PresenceStore;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Presence across the nodes of a cluster: how many sockets each user has in each conversation,
 * counted in Redis so that "first socket" and "last socket" mean cluster-wide. Each change is one
 * Lua script ({@link PresenceScripts}), atomic in Redis. Per conversation (namespace included) one
 * hash holds the user's total ({@code u:<user>}) and each node's share ({@code n:<node>:<user>});
 * the node also keeps an index of the conversations it has sockets in and a set of its typing
 * users, so that when it dies another node can take its sockets out and announce what changed
 * ({@link NodeHeartbeat}). Key layout: {@link ClusterKeys}.
 * <p>
 * Run a {@link NodeHeartbeat} with the same prefix and node id, started before the first socket
 * joins: without one, the node's entries are never cleaned up if it dies. The stages complete on a
 * Redisson thread, exceptionally when Redis cannot be reached. Internal: not part of syncio's API.
 */
public final class RedisPresence implements PresenceStore {

    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);

    private final RedissonClient client;
    private final RScript script;
    private final ClusterKeys keys;
    private final String nodeId;

    /**
     * @param client the Redisson client; stays the caller's
     * @param prefix key prefix of the cluster, as given to the bus and the heartbeat
     * @param nodeId this node's id, as given to its {@link NodeHeartbeat}
     */
    public RedisPresence(RedissonClient client, String prefix, String nodeId) {
        this.client = client;
        this.script = client.getScript(StringCodec.INSTANCE);
        this.keys = new ClusterKeys(prefix);
        this.nodeId = ClusterKeys.checkNodeId(nodeId);
    }

    @Override
    public CompletionStage<Boolean> joined(String namespace, String conversationId, String userId) {
        return Async.<Long>call(() -> script.evalAsync(RScript.Mode.READ_WRITE, PresenceScripts.JOINED,
                        RScript.ReturnType.LONG, presenceKeys(namespace, conversationId), userId, nodeId,
                        String.valueOf(PresenceScripts.ABANDONED_MILLIS)))
                .thenApply(total -> total == 1);
    }

    /** Completes with false, too, when this node had no socket of the user counted (see {@link PresenceScripts#LEFT}). */
    @Override
    public CompletionStage<Boolean> left(String namespace, String conversationId, String userId) {
        return Async.<Long>call(() -> script.evalAsync(RScript.Mode.READ_WRITE, PresenceScripts.LEFT,
                        RScript.ReturnType.LONG, presenceKeys(namespace, conversationId), userId, nodeId))
                .thenApply(total -> total == 0);
    }

    @Override
    public CompletionStage<Set<String>> online(String namespace, String conversationId) {
        return Async.<List<Object>>call(() -> script.evalAsync(RScript.Mode.READ_ONLY, PresenceScripts.ONLINE,
                        RScript.ReturnType.LIST, List.of(keys.presence(namespace, conversationId))))
                .thenApply(users -> {
                    String[] ids = new String[users.size()];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = String.valueOf(users.get(i));
                    }
                    return Set.of(ids);
                });
    }

    @Override
    public void typing(String namespace, String conversationId, String userId, boolean typing) {
        String entry = ClusterKeys.typingEntry(namespace, conversationId, userId);
        var set = client.<String>getSet(keys.nodeTyping(nodeId), StringCodec.INSTANCE);
        Async.call(() -> typing ? set.addAsync(entry) : set.removeAsync(entry)).whenComplete((changed, error) -> {
            if (error != null) {
                // at worst another node announces a stale "typing: false" after this node dies
                log.debug("presence: recording typing failed ({})", Outage.describe(error));
            }
        });
    }

    private List<Object> presenceKeys(String namespace, String conversationId) {
        return List.of(keys.presence(namespace, conversationId), keys.nodePresence(nodeId));
    }
}
