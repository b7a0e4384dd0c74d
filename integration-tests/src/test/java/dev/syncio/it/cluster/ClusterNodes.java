package dev.syncio.it.cluster;

import dev.syncio.SyncServer;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Chat servers in one JVM joined to one cluster: the same redis-server and a key prefix of their
 * own, so tests sharing a redis-server never see each other's events. Public for the tests of
 * other features in a cluster (topics).
 */
public final class ClusterNodes implements AutoCloseable {

    private final List<ChatServer> nodes = new ArrayList<>();
    private final String prefix;

    private ClusterNodes(String prefix) {
        this.prefix = prefix;
    }

    /** {@code count} nodes on a fresh prefix, each builder customised after the cluster settings. */
    public static ClusterNodes start(RedisServer redis, int count, Consumer<SyncServer.Builder> customise) {
        String prefix = "test-" + UUID.randomUUID();
        ClusterNodes cluster = new ClusterNodes(prefix);
        for (int i = 0; i < count; i++) {
            cluster.nodes.add(ChatServer.start(b -> customise.accept(b.redis(redis.url()).clusterPrefix(prefix))));
        }
        return cluster;
    }

    /** The node at {@code index}. */
    public ChatServer node(int index) {
        return nodes.get(index);
    }

    /** The cluster's key prefix, for a standalone emitter ({@code SyncEmitter.redis(client, prefix)}) of this cluster. */
    public String prefix() {
        return prefix;
    }

    @Override
    public void close() {
        nodes.forEach(ChatServer::close);
    }
}
