package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.BroadcastSink;
import dev.syncio.emit.Sequenced;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The bus of a single node: a broadcast is delivered on the publishing thread at once. Offsets
 * are a sequence assigned under the same lock that delivers and keeps the history, so every socket
 * receives its events in offset order (delivery only queues frames on event loops, which keep that
 * order) and a replay and live delivery never overlap or leave a gap.
 */
public final class LocalBus implements ClusterBus {

    private final LocalHistory history;
    private volatile BroadcastSink sink;
    private long sequence;

    /** A bus that keeps no history (recovery off). */
    public LocalBus() {
        this(0, 0, Duration.ZERO);
    }

    /**
     * @param maxEvents retained broadcasts kept for recovery, at most
     * @param maxBytes  bytes they may hold together, at most (approximately)
     * @param maxAge    how long each is kept (the recovery window)
     */
    public LocalBus(int maxEvents, long maxBytes, Duration maxAge) {
        this.history = new LocalHistory(maxEvents, maxBytes, maxAge, System::nanoTime);
    }

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
            long offset = ++sequence;
            history.add(offset, broadcast);
            target.deliver(broadcast, Long.toString(offset));
        }
    }

    @Override
    public CompletionStage<Optional<List<Sequenced>>> since(String offset) {
        long wanted;
        try {
            wanted = Long.parseLong(offset);
        } catch (NumberFormatException | NullPointerException notOurs) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        synchronized (this) {
            return CompletableFuture.completedFuture(history.since(wanted));
        }
    }

    @Override
    public synchronized long retainedEvents() {
        return history.size();
    }

    @Override
    public synchronized long retainedBytes() {
        return history.bytes();
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public synchronized void close() {
        sink = null;
        history.clear();
    }
}
