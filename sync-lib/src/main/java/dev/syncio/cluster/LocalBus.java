package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.BroadcastSink;

/**
 * The bus of a single node: a broadcast is delivered on the publishing thread at once. Offsets
 * are a sequence assigned under the same lock that delivers, so every socket receives its events
 * in offset order (delivery only queues frames on event loops, which keep that order).
 */
public final class LocalBus implements ClusterBus {

    private volatile BroadcastSink sink;
    private long sequence;

    @Override
    public void start(BroadcastSink sink) {
        this.sink = sink;
    }

    @Override
    public void publish(Broadcast broadcast) {
        BroadcastSink target = sink;
        if (target == null) {
            return; // not started, or closed: there is no socket to deliver to
        }
        synchronized (this) {
            target.deliver(broadcast, Long.toString(++sequence));
        }
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public void close() {
        sink = null;
    }
}
