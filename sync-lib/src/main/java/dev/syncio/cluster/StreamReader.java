package dev.syncio.cluster;

import org.redisson.api.RStream;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;
import org.redisson.api.stream.StreamReadArgs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads the bus stream in order, from the newest entry at start on, with one blocking XREAD at a
 * time that is re-issued from its own callback: no thread ever waits for Redis. Hands each entry to
 * {@code entries} one at a time, in stream order. On failure it retries after a {@link Backoff},
 * from the last id it saw, so a node that lost Redis for a while catches up on what the other
 * nodes appended meanwhile (as far as the stream's length kept it).
 * <p>
 * The start is the id of the newest entry when the reader first reaches Redis (XREVRANGE
 * COUNT 1), not {@code $}: an XREAD with {@code $} that times out and is issued again would miss
 * whatever was appended between the two. {@code positioned} runs once that start is known (or the
 * first attempt failed, when this node's broadcasts are delivered locally anyway), so that no
 * broadcast of this node is appended before it and then never read back.
 */
final class StreamReader {

    private static final Comparator<StreamMessageId> STREAM_ORDER =
            Comparator.comparingLong(StreamMessageId::getId0).thenComparingLong(StreamMessageId::getId1);

    /** XREVRANGE key + - COUNT 1: the newest entry. */
    private static final StreamRangeArgs NEWEST =
            StreamRangeArgs.startId(StreamMessageId.MAX).endId(StreamMessageId.MIN).count(1);

    private final RStream<String, byte[]> stream;
    private final int batch;
    private final Duration block;
    private final Outage outage;
    private final BiConsumer<StreamMessageId, Map<String, byte[]>> entries;
    private final Consumer<StreamMessageId> startsAfter;
    private final Runnable positioned;
    private final BooleanSupplier clientGone;
    private final Backoff backoff = new Backoff();

    private volatile boolean stopped;
    private volatile boolean positionedRun;
    /** The last id read; null until the start is known. Only the loop (one thread at a time) writes it. */
    private volatile StreamMessageId lastId;
    private volatile CompletableFuture<?> inFlight;

    /**
     * @param batch      entries per XREAD at most
     * @param block      how long one XREAD waits for new entries
     * @param entries     takes each entry: its id and its fields (empty if it has none)
     * @param startsAfter takes the id reading starts after (0-0 for an empty stream), once, before
     *                    the first entry
     * @param positioned  runs once, when appends may start
     * @param clientGone true once the Redisson client is shut down: the reader then stops
     */
    StreamReader(RStream<String, byte[]> stream, int batch, Duration block, Outage outage,
                 BiConsumer<StreamMessageId, Map<String, byte[]>> entries, Consumer<StreamMessageId> startsAfter,
                 Runnable positioned, BooleanSupplier clientGone) {
        this.stream = stream;
        this.batch = batch;
        this.block = block;
        this.outage = outage;
        this.entries = entries;
        this.startsAfter = startsAfter;
        this.positioned = positioned;
        this.clientGone = clientGone;
    }

    void start() {
        loop();
    }

    /** Stops the loop; a pending XREAD is cancelled, which makes Redisson drop its connection. */
    void stop() {
        stopped = true;
        CompletableFuture<?> pending = inFlight;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    /**
     * Issues reads until one is pending: a loop rather than recursion, so replies that are already
     * there when the callback would be attached do not grow the stack.
     */
    private void loop() {
        while (!stopped) {
            long epoch = outage.epoch();
            StreamMessageId from = lastId;
            CompletableFuture<Map<StreamMessageId, Map<String, byte[]>>> reply = from == null
                    ? Async.call(() -> stream.rangeReversedAsync(NEWEST))
                    : Async.call(() -> stream.readAsync(StreamReadArgs.greaterThan(from).count(batch).timeout(block)));
            inFlight = reply;
            if (stopped) {
                reply.cancel(false);
                return;
            }
            if (!reply.isDone()) {
                reply.whenComplete((result, error) -> {
                    if (handled(from, epoch, result, error)) {
                        loop();
                    }
                });
                return;
            }
            Map<StreamMessageId, Map<String, byte[]>> result = null;
            Throwable error = null;
            try {
                result = reply.join();
            } catch (RuntimeException e) {
                error = e;
            }
            if (!handled(from, epoch, result, error)) {
                return;
            }
        }
    }

    /** Takes one reply; true to read again at once, false if stopped or a retry is scheduled. */
    private boolean handled(StreamMessageId from, long epoch, Map<StreamMessageId, Map<String, byte[]>> result,
                            Throwable error) {
        if (stopped) {
            return false;
        }
        if (error != null) {
            if (clientGone.getAsBoolean()) {
                // its owner shut the client down without closing the bus: retrying would never end
                stopped = true;
                positioned();
                return false;
            }
            outage.failed(error);
            positioned();
            Backoff.schedule(backoff.next(), this::loop);
            return false;
        }
        backoff.reset();
        if (from == null) {
            // the newest entry now, or 0-0 for an empty (or absent) stream: every later XADD is after it
            lastId = result == null || result.isEmpty() ? new StreamMessageId(0, 0) : result.keySet().iterator().next();
            startsAfter.accept(lastId);
            outage.succeeded(epoch); // after lastId: appends that this lets through are read back
            positioned();
            return true;
        }
        outage.succeeded(epoch);
        if (result != null && !result.isEmpty()) {
            List<StreamMessageId> ids = new ArrayList<>(result.keySet());
            ids.sort(STREAM_ORDER);
            for (StreamMessageId id : ids) {
                if (stopped) {
                    return false;
                }
                Map<String, byte[]> fields = result.get(id);
                entries.accept(id, fields == null ? Map.of() : fields);
                lastId = id;
            }
        }
        return true;
    }

    private void positioned() {
        if (!positionedRun) {
            positionedRun = true; // only the loop's one thread at a time gets here
            positioned.run();
        }
    }
}
