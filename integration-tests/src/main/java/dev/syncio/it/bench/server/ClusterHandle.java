package dev.syncio.it.bench.server;

import java.util.List;

/**
 * syncio nodes sharing one redis-server, driven as one server: clients spread over the nodes,
 * CPU counted over the nodes and Redis together.
 */
public final class ClusterHandle implements ServerHandle {

    private final List<ServerProcess> nodes;
    private final RedisProcess redis;

    public ClusterHandle(List<ServerProcess> nodes, RedisProcess redis) {
        this.nodes = List.copyOf(nodes);
        this.redis = redis;
    }

    @Override
    public ServerKind kind() {
        return nodes.get(0).kind();
    }

    @Override
    public String label() {
        return kind().label() + ", " + nodes.size() + " nodes";
    }

    @Override
    public int port() {
        return nodes.get(0).port();
    }

    @Override
    public long pid() {
        return nodes.get(0).pid();
    }

    @Override
    public int[] ports() {
        return nodes.stream().mapToInt(ServerProcess::port).toArray();
    }

    @Override
    public long[] pids() {
        long[] pids = new long[nodes.size() + 1];
        for (int i = 0; i < nodes.size(); i++) {
            pids[i] = nodes.get(i).pid();
        }
        pids[nodes.size()] = redis.pid();
        return pids;
    }

    @Override
    public void close() {
        nodes.forEach(ServerProcess::close);
    }
}
