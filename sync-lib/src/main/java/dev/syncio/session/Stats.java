package dev.syncio.session;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counters behind {@code SyncServer.stats()}. */
final class Stats {

    private static final Logger log = LoggerFactory.getLogger(Stats.class);

    private final AtomicLong connectedSockets = new AtomicLong();
    private final java.util.concurrent.ConcurrentMap<String, Integer> socketsPerUser =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Totals sampled once a second, newest last, for the per-second rates. */
    private final long[][] samples = new long[6][];
    private int sampleCount;
    private final AtomicLong refusedHandshakes = new AtomicLong();
    private final AtomicLong eventsIn = new AtomicLong();
    private final AtomicLong eventsOut = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong rateLimitDisconnects = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    /** Client events accepted into a socket's queue whose handling has not finished. */
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong notRecovered = new AtomicLong();

    /** A client event entered its socket's queue. */
    void eventAccepted() {
        inFlight.incrementAndGet();
    }

    /** A client event's handling finished (its ack, if any, is queued on the session). */
    void eventDone() {
        inFlight.decrementAndGet();
    }

    long eventsInFlight() {
        return inFlight.get();
    }

    /** A connection recovered its session. */
    void recovered() {
        recovered.incrementAndGet();
    }

    /** A connection asked to recover and got a fresh session. */
    void notRecovered() {
        notRecovered.incrementAndGet();
    }

    long recoveredSessions() {
        return recovered.get();
    }

    long unrecoveredSessions() {
        return notRecovered.get();
    }

    void connected(String userId) {
        connectedSockets.incrementAndGet();
        socketsPerUser.merge(userId, 1, Integer::sum);
    }

    void disconnected(String userId) {
        connectedSockets.decrementAndGet();
        socketsPerUser.computeIfPresent(userId, (u, n) -> n <= 1 ? null : n - 1);
    }

    long connectedUsers() {
        return socketsPerUser.size();
    }

    /** Called once a second by the layer's timer. */
    synchronized void sample() {
        System.arraycopy(samples, 1, samples, 0, samples.length - 1);
        samples[samples.length - 1] = new long[] {System.nanoTime(), eventsIn.get(), eventsOut.get()};
        sampleCount = Math.min(samples.length, sampleCount + 1);
    }

    /** {in, out} per second over the sampled window (up to 5 s). */
    synchronized double[] rates() {
        if (sampleCount < 2) {
            return new double[] {0, 0};
        }
        long[] oldest = samples[samples.length - sampleCount];
        long[] newest = samples[samples.length - 1];
        double seconds = (newest[0] - oldest[0]) / 1e9;
        return new double[] {(newest[1] - oldest[1]) / seconds, (newest[2] - oldest[2]) / seconds};
    }

    void refused() {
        refusedHandshakes.incrementAndGet();
    }

    private final java.util.concurrent.ConcurrentMap<String, LongAdder> limited =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** CONNECTs refused, for any reason. */
    private final AtomicLong refusedConnects = new AtomicLong();

    /** A limit of {@code SyncConfig.Limits} refused something; {@code code} names the limit. */
    void limited(String code) {
        limited.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** A CONNECT was refused (bad token, unknown namespace, a limit): logged at DEBUG, summarized. */
    void refusedConnect() {
        refusedConnects.incrementAndGet();
    }

    long refusedConnects() {
        return refusedConnects.get();
    }

    /** This layer's limit refusals and the transport's, by code. */
    Map<String, Long> limitRefusals(Map<String, Long> transport) {
        Map<String, Long> all = new TreeMap<>(transport);
        limited.forEach((code, count) -> all.merge(code, count.sum(), Long::sum));
        return all;
    }

    void rateLimited() {
        rateLimited.incrementAndGet();
    }

    void rateLimitDisconnect() {
        rateLimitDisconnects.incrementAndGet();
    }

    long rateLimitedPackets() {
        return rateLimited.get();
    }

    long rateLimitDisconnects() {
        return rateLimitDisconnects.get();
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
