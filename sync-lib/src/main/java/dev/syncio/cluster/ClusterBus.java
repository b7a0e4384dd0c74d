package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.BroadcastSink;
import dev.syncio.emit.Sequenced;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Carries every broadcast to every node, this one included, in one order that all nodes share:
 * {@link LocalBus} in memory for one node, {@link RedisStreamBus} (one Redis stream that every
 * node appends to and reads) for many. The bus also keeps the recent history in that same order,
 * which is what connection state recovery replays. Internal: not part of syncio's API.
 */
public interface ClusterBus extends AutoCloseable {

    /** Starts delivering the cluster's broadcasts (published from now on) to {@code sink}. */
    void start(BroadcastSink sink);

    /**
     * Publishes one broadcast to every node. Never blocks: callers are event loops and callback
     * threads. One Redis command per broadcast, whatever the number of members.
     */
    void publish(Broadcast broadcast);

    /**
     * The retained broadcasts and the revocations that follow {@code offset}, in the bus's order,
     * for a client that recovers. Completes with empty when the history no longer reaches back to
     * {@code offset} (trimmed by age or count, never an offset of this bus, or malformed): the
     * client then gets a fresh session, never a partial replay. Never blocks.
     *
     * @param offset an offset the client received as an event's last argument
     */
    CompletionStage<Optional<List<Sequenced>>> since(String offset);

    /** Entries the history holds now, or -1 when unknown. */
    long retainedEvents();

    /** Bytes the history holds now (approximately), or -1 when unknown. */
    long retainedBytes();

    /** Whether the bus reaches the other nodes now (always true in memory). */
    boolean connected();

    /** Publish round trips to the shared store that completed since start (0 in memory). */
    default long publishRoundTrips() {
        return 0;
    }

    /** The time of those round trips together, in nanoseconds. */
    default long publishNanos() {
        return 0;
    }

    /** Stops delivering and releases what the bus holds; does not close a client it was given. */
    @Override
    void close();
}
