package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.BroadcastSink;

/**
 * Carries every broadcast to every node, this one included, in one order that all nodes share:
 * {@link LocalBus} in memory for one node, {@link RedisStreamBus} (one Redis stream that every
 * node appends to and reads) for many. Internal: not part of syncio's API.
 */
public interface ClusterBus extends AutoCloseable {

    /** Starts delivering the cluster's broadcasts (published from now on) to {@code sink}. */
    void start(BroadcastSink sink);

    /**
     * Publishes one broadcast to every node. Never blocks: callers are event loops and callback
     * threads. One Redis command per broadcast, whatever the number of members.
     */
    void publish(Broadcast broadcast);

    /** Whether the bus reaches the other nodes now (always true in memory). */
    boolean connected();

    /** Stops delivering and releases what the bus holds; does not close a client it was given. */
    @Override
    void close();
}
