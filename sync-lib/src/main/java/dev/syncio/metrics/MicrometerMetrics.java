package dev.syncio.metrics;

import dev.syncio.SyncStats;
import dev.syncio.cluster.ClusterBus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * syncio's meters on the host's {@link MeterRegistry}: gauges and function counters that read the
 * counters syncio keeps anyway (nothing is counted twice on a hot path), named {@code syncio.*}
 * with tags for the variants (docs/operations.md, Metrics). A tag value is never a user id, a
 * token or a socket id: event names are those with a handler (others are {@code other}), codes
 * those syncio defines.
 *
 * <p>This is the only class of syncio that touches Micrometer (optional in sync-lib):
 * {@code SyncServer} refers to it only when the host gave a registry, so a server without one
 * never loads a Micrometer class. Internal: not part of syncio's API.
 */
public final class MicrometerMetrics implements AutoCloseable {

    /** What the meters read. */
    public record Sources(Supplier<SyncStats> stats, Counts counts, LongSupplier callbacksQueued,
                          LongSupplier webSocketSessions, ClusterBus bus, boolean clustered) {
    }

    private final MeterRegistry registry;
    private final Sources sources;
    private final Queue<Meter> meters = new ConcurrentLinkedQueue<>();
    /**
     * The functions the function counters read: Micrometer holds a function counter's object
     * weakly, so without this a lambda would be collected and its counter read 0 from then on.
     */
    private final Queue<Object> read = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private MicrometerMetrics(MeterRegistry registry, Sources sources) {
        this.registry = registry;
        this.sources = sources;
    }

    /**
     * Registers the meters.
     *
     * @param registry a {@code io.micrometer.core.instrument.MeterRegistry} (typed {@code Object} so
     *                 that the caller's class does not name Micrometer)
     */
    public static MicrometerMetrics bind(Object registry, Sources sources) {
        MicrometerMetrics metrics = new MicrometerMetrics((MeterRegistry) registry, sources);
        metrics.register();
        return metrics;
    }

    private void register() {
        Supplier<SyncStats> stats = sources.stats();
        Counts counts = sources.counts();
        LongSupplier webSockets = sources.webSocketSessions();
        gauge("syncio.connections", "Engine.IO sessions open now, by transport", null, "transport", "websocket",
                () -> webSockets.getAsLong());
        gauge("syncio.connections", "Engine.IO sessions open now, by transport", null, "transport", "polling",
                () -> Math.max(0, stats.get().openSessions() - webSockets.getAsLong()));
        gauge("syncio.sockets.connected", "Socket.IO sockets connected now (all namespaces)", null, null, null,
                () -> stats.get().connectedSockets());
        gauge("syncio.users.connected", "distinct users with a connected socket", null, null, null,
                () -> stats.get().connectedUsers());
        keyed("syncio.handshakes.refused", "CONNECTs refused for their token, by refusal code", "code",
                counts.refusedHandshakes());
        keyed("syncio.events.in", "client events handled, by event name (other: no handler)", "name",
                counts.eventsIn());
        counter("syncio.events.out", "events written to sockets", () -> stats.get().eventsOut());
        counter("syncio.acks", "acks written to clients, error acks included", counts::acks);
        keyed("syncio.acks.error", "error acks written to clients, by error code", "code", counts.errorAcks());
        counter("syncio.ratelimit.refused", "client packets refused by a rate limit",
                () -> stats.get().rateLimitedPackets());
        counter("syncio.ratelimit.disconnects", "sessions closed for exceeding a rate limit again and again",
                () -> stats.get().rateLimitDisconnects());
        counter("syncio.slow_consumer.disconnects", "sessions closed because they did not read fast enough",
                () -> stats.get().slowConsumerDisconnects());
        gauge("syncio.buffered", "bytes queued for clients, not yet written", "bytes", null, null,
                () -> stats.get().bufferedBytes());
        LongSupplier queued = sources.callbacksQueued();
        gauge("syncio.callbacks.queued", "client events accepted whose handling has not finished", null, null, null,
                queued::getAsLong);
        recovery("recovered", () -> stats.get().recoveredSessions());
        recovery("fresh", () -> stats.get().unrecoveredSessions());
        gauge("syncio.recovery.history.events", "events the recovery history holds (NaN: not known yet)", null,
                null, null, () -> known(stats.get().retainedEvents()));
        gauge("syncio.recovery.history", "bytes the recovery history holds, approximately (NaN: not known yet)",
                "bytes", null, null, () -> known(stats.get().retainedBytes()));
        if (sources.clustered()) {
            ClusterBus bus = sources.bus();
            gauge("syncio.cluster.connected", "1 while this node reaches the other nodes through Redis", null,
                    null, null, () -> bus.connected() ? 1 : 0);
            meters.add(FunctionTimer.builder("syncio.cluster.publish", bus, ClusterBus::publishRoundTrips,
                            ClusterBus::publishNanos, TimeUnit.NANOSECONDS)
                    .description("round trips of the XADDs that publish broadcasts to the Redis stream")
                    .register(registry));
        }
    }

    private static double known(long value) {
        return value < 0 ? Double.NaN : value;
    }

    private void recovery(String result, LongSupplier count) {
        read.add(count);
        meters.add(FunctionCounter.builder("syncio.recovery", count, c -> c.getAsLong())
                .description("connections that asked to recover their session, by result")
                .tag("result", result)
                .register(registry));
    }

    private void counter(String name, String description, LongSupplier count) {
        read.add(count);
        meters.add(FunctionCounter.builder(name, count, c -> c.getAsLong()).description(description)
                .register(registry));
    }

    private void gauge(String name, String description, String unit, String tag, String value,
                       Supplier<Number> reading) {
        Gauge.Builder<Supplier<Number>> builder = Gauge.builder(name, reading).description(description);
        if (unit != null) {
            builder.baseUnit(unit);
        }
        if (tag != null) {
            builder.tag(tag, value);
        }
        meters.add(builder.register(registry));
    }

    /** A counter per key, registered when the key is first counted. */
    private void keyed(String name, String description, String tag, KeyedCounts counts) {
        counts.onNewKey(key -> {
            if (closed) {
                return;
            }
            ToDoubleFunction<KeyedCounts> read = c -> c.count(key);
            FunctionCounter counter = FunctionCounter.builder(name, counts, read).description(description)
                    .tag(tag, key).register(registry);
            meters.add(counter);
        });
    }

    /** Removes the meters from the registry (the registry stays the host's). */
    @Override
    public void close() {
        closed = true;
        read.clear();
        Meter meter;
        while ((meter = meters.poll()) != null) {
            registry.remove(meter);
        }
    }
}
