package dev.syncio.session;

import java.util.concurrent.atomic.AtomicLong;

/** Counters behind {@code SyncServer.stats()}. */
final class Stats {

    private final AtomicLong connectedSockets = new AtomicLong();
    private final AtomicLong refusedHandshakes = new AtomicLong();
    private final AtomicLong eventsIn = new AtomicLong();
    private final AtomicLong eventsOut = new AtomicLong();

    void connected() {
        connectedSockets.incrementAndGet();
    }

    void disconnected() {
        connectedSockets.decrementAndGet();
    }

    void refused() {
        refusedHandshakes.incrementAndGet();
    }

    void eventIn() {
        eventsIn.incrementAndGet();
    }

    void eventsOut(int count) {
        eventsOut.addAndGet(count);
    }

    long connectedSockets() {
        return connectedSockets.get();
    }

    long refusedHandshakes() {
        return refusedHandshakes.get();
    }

    long eventsIn() {
        return eventsIn.get();
    }

    long eventsOut() {
        return eventsOut.get();
    }
}
