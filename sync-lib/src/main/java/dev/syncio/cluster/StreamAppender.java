package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Appends this node's broadcasts to the stream in the order they were published: one XADD per
 * broadcast, with at most one round trip to Redis in flight. Redisson spreads concurrent commands
 * over a pool of connections, so two XADDs sent at once may reach Redis in either order; an emit
 * that follows another from the same thread must not overtake it. Whatever is published while a
 * round trip is in flight waits here and goes in the next one, as one pipeline of XADDs, so
 * throughput grows with load instead of being one broadcast per round trip.
 * <p>
 * The backlog is bounded (count and bytes): {@link #offer} refuses past the bound, and the bus
 * then treats Redis as unreachable. Each broadcast gets a sequence number in append order, which
 * the bus writes into the entry to recognise its own entries when it reads them back. While Redis is known to be unreachable ({@code skip}), queued
 * broadcasts are not sent but handed to {@code unsent} at once, in order.
 */
final class StreamAppender {

    static final int MAX_PENDING = 10_000;
    static final long MAX_PENDING_BYTES = 32L << 20;
    /** XADDs in one pipeline: enough to catch up quickly, few enough to keep each reply small. */
    static final int MAX_PIPELINE = 256;

    /** Takes a broadcast that did not reach the stream, or may not have. */
    interface Unsent {
        /**
         * @param sequence      its number in this appender's order
         * @param maybeAppended true when its XADD failed in flight (a reply that timed out may
         *                      follow a command Redis did apply); false when it was never sent
         */
        void accept(Broadcast broadcast, long sequence, boolean maybeAppended);
    }

    private record Pending(Broadcast broadcast, byte[] entry, long sequence) {
    }

    private final RedissonClient client;
    private final RStream<String, byte[]> stream;
    private final String key;
    private final int maxLength;
    private final byte[] origin;
    private final BooleanSupplier skip;
    private final Consumer<Throwable> failed;
    private final Unsent unsent;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long nextSequence;
    /** A thread owns the queue: it is draining it, or a round trip it sent is in flight. */
    private boolean pumping;
    private boolean paused;
    private final List<CompletableFuture<Void>> drainWaiters = new ArrayList<>();
    /** Round trips to Redis (one XADD or one pipeline of them) that completed, and their time. */
    private final java.util.concurrent.atomic.LongAdder roundTrips = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder roundTripNanos = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param origin 8 bytes that name this appender in the {@link RedisStreamBus#ORIGIN} field of
     *               its entries, followed there by the entry's sequence number; null: no such field
     * @param skip   true while Redis is known to be unreachable: do not send, hand to {@code unsent}
     * @param failed told when an append failed (before its broadcasts go to {@code unsent})
     * @param unsent takes each broadcast that did not reach the stream, in publish order
     */
    StreamAppender(RedissonClient client, String key, int maxLength, byte[] origin, BooleanSupplier skip,
                   Consumer<Throwable> failed, Unsent unsent) {
        this.client = client;
        this.stream = client.getStream(key, RedisStreamBus.CODEC);
        this.key = key;
        this.maxLength = maxLength;
        this.origin = origin;
        this.skip = skip;
        this.failed = failed;
        this.unsent = unsent;
    }

    /** Holds appends until {@link #resume()}: the reader must know where it starts first. */
    synchronized void pause() {
        paused = true;
    }

    void resume() {
        synchronized (this) {
            paused = false;
            if (pumping || queue.isEmpty()) {
                return;
            }
            pumping = true;
        }
        pump();
    }

    /** Queues one broadcast; false if the backlog is full (nothing was queued). */
    boolean offer(Broadcast broadcast, byte[] entry) {
        synchronized (this) {
            if (queue.size() >= MAX_PENDING || queuedBytes + entry.length > MAX_PENDING_BYTES) {
                return false;
            }
            queue.add(new Pending(broadcast, entry, nextSequence++)); // in queue order, so in stream order
            queuedBytes += entry.length;
            if (pumping || paused) {
                return true; // the pumping thread takes it with the next round trip, or resume() does
            }
            pumping = true;
        }
        pump();
        return true;
    }

    /** Completes once nothing is queued or in flight (now, if so already). */
    CompletableFuture<Void> drained() {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        synchronized (this) {
            if (pumping || !queue.isEmpty()) {
                drainWaiters.add(waiter);
                return waiter;
            }
        }
        waiter.complete(null);
        return waiter;
    }

    /** Completes the {@link #drained()} waiters when the appender is idle; outside the lock. */
    private void notifyDrained() {
        List<CompletableFuture<Void>> waiters;
        synchronized (this) {
            if (pumping || !queue.isEmpty() || drainWaiters.isEmpty()) {
                return;
            }
            waiters = new ArrayList<>(drainWaiters);
            drainWaiters.clear();
        }
        waiters.forEach(waiter -> waiter.complete(null));
    }

    /** Drops what is queued (the bus is closing). */
    synchronized void clear() {
        queue.clear();
        queuedBytes = 0;
    }

    /**
     * Sends what is queued, one round trip at a time. Runs on the thread that started pumping,
     * then on the thread that completes each round trip; a loop rather than recursion, so a stage
     * that fails at once (a client already shut down) does not grow the stack.
     */
    private void pump() {
        while (true) {
            List<Pending> batch = take();
            if (batch == null) {
                notifyDrained();
                return;
            }
            if (skip.getAsBoolean()) {
                batch.forEach(p -> unsent.accept(p.broadcast(), p.sequence(), false));
                continue;
            }
            long started = System.nanoTime();
            CompletableFuture<?> sent = send(batch);
            if (!sent.isDone()) {
                sent.whenComplete((result, error) -> {
                    roundTrip(started);
                    finish(batch, error);
                    pump();
                });
                return;
            }
            finish(batch, sent.isCompletedExceptionally() ? error(sent) : null);
        }
    }

    private void roundTrip(long started) {
        roundTripNanos.add(System.nanoTime() - started);
        roundTrips.increment();
    }

    /** Round trips that completed (failed ones included), for the publish timer. */
    long roundTrips() {
        return roundTrips.sum();
    }

    /** Their time together, in nanoseconds. */
    long roundTripNanos() {
        return roundTripNanos.sum();
    }

    private synchronized List<Pending> take() {
        if (paused || queue.isEmpty()) {
            pumping = false;
            return null;
        }
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_PIPELINE));
        while (batch.size() < MAX_PIPELINE && !queue.isEmpty()) {
            Pending next = queue.poll();
            queuedBytes -= next.entry().length;
            batch.add(next);
        }
        return batch;
    }

    private CompletableFuture<?> send(List<Pending> batch) {
        if (batch.size() == 1) {
            // Redisson does not resend an XADD once written (non-idempotent): no duplicate append
            return Async.call(() -> stream.addAsync(args(batch.get(0))));
        }
        return Async.call(() -> {
            // A plain pipeline on one connection (no MULTI): the XADDs reach Redis in this order.
            // No retry: Redisson would resend a pipeline whose reply timed out, appending it twice;
            // a failure is handled like any other (delivered locally, Redis marked unreachable).
            RBatch pipeline = client.createBatch(BatchOptions.defaults().retryAttempts(0));
            var stream = pipeline.<String, byte[]>getStream(key, RedisStreamBus.CODEC);
            for (Pending p : batch) {
                stream.addAsync(args(p));
            }
            return pipeline.executeAsync();
        });
    }

    private StreamAddArgs<String, byte[]> args(Pending p) {
        StreamAddArgs<String, byte[]> entry = origin == null
                ? StreamAddArgs.entry(RedisStreamBus.FIELD, p.entry())
                : StreamAddArgs.entries(RedisStreamBus.FIELD, p.entry(), RedisStreamBus.ORIGIN, origin(p.sequence()));
        // MAXLEN ~ n: Redis trims whole macro nodes, far cheaper than an exact trim
        return entry.trimNonStrict().maxLen(maxLength).noLimit();
    }

    private byte[] origin(long sequence) {
        return ByteBuffer.allocate(16).put(origin).putLong(sequence).array();
    }

    private void finish(List<Pending> batch, Throwable error) {
        if (error == null) {
            return; // the reader delivers them when it reads them back
        }
        failed.accept(error);
        // Redis may have applied some (a reply that timed out, a pipeline cut part way)
        batch.forEach(p -> unsent.accept(p.broadcast(), p.sequence(), true));
    }

    private static Throwable error(CompletableFuture<?> failed) {
        try {
            failed.join();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
