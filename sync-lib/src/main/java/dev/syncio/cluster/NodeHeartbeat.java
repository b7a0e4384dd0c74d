package dev.syncio.cluster;

import dev.syncio.conversation.NodeLossListener;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the cluster this node is alive, and cleans up after nodes that are not. Each node writes
 * {@code <prefix>:node:<id>:alive} with a TTL of {@code nodeTimeout} (default 15 s) and registers
 * in {@code <prefix>:nodes}, again every {@code nodeTimeout / 3}. Every {@code nodeTimeout / 3} it
 * also looks for registered nodes whose alive key is gone; a node missing on two checks in a row
 * (so that a node that was cut off from Redis for a while has a full period to write its key
 * again before it is presumed dead) is cleaned up by whichever node wins the claim
 * ({@link NodeCleanup}): its sockets leave their conversations, and the {@link NodeLossListener}
 * hears of every user that went offline or stopped typing because of it. A dead node is thus
 * announced between {@code nodeTimeout} and {@code nodeTimeout + 2 * nodeTimeout / 3} after its
 * last heartbeat, plus the check's own time.
 * <p>
 * <b>Shutdown.</b> {@link #shutdown()} does for this node what another node would do after its
 * death, at once: it takes its sockets out of presence, calls its own listener for the users that
 * went offline or stopped typing (so keep the bus open until the stage completes: the
 * announcements are broadcasts), deletes its keys and leaves the registry. If the process ends
 * before that completes, the other nodes finish the job after {@code nodeTimeout}.
 * <p>
 * The timer runs on the given scheduler and only issues asynchronous Redis calls; the listener is
 * called on a Redisson thread and must not block. If Redis loses its data (a restart without
 * persistence) the registry and presence are gone with it: nodes register again at their next
 * heartbeat, and presence counts sockets that join from then on. Internal: not part of syncio's API.
 */
public final class NodeHeartbeat implements AutoCloseable {

    /** How long a node may go without a heartbeat before the others presume it dead. */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(15);
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.HOURS.toNanos(1);

    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedissonClient client;
    private final RScript script;
    private final ClusterKeys keys;
    private final String nodeId;
    private final Duration nodeTimeout;
    private final long periodMillis;
    private final ScheduledExecutorService scheduler;
    private final NodeCleanup cleanup;
    private final Outage outage;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean checking = new AtomicBoolean();
    private final Set<String> cleaning = ConcurrentHashMap.newKeySet();
    /** Nodes found without an alive key, with when that was first seen; only the one running check touches it. */
    private volatile Map<String, Long> suspects = Map.of();
    private volatile CompletableFuture<Void> lastHeartbeat = CompletableFuture.completedFuture(null);
    private volatile long lastSweep;
    private volatile boolean registered;
    private volatile ScheduledFuture<?> timer;
    private volatile CompletableFuture<Void> shutdown;

    /**
     * @param client      the Redisson client; stays the caller's
     * @param prefix      key prefix of the cluster, as given to the bus and presence
     * @param nodeId      this node's id, e.g. from {@link #randomNodeId()}: 1 to 64 of {@code [A-Za-z0-9_-]}
     * @param nodeTimeout how long this node may go without a heartbeat before the others presume it
     *                    dead, e.g. {@link #DEFAULT_NODE_TIMEOUT}; at least 300 ms. The same on every node.
     * @param scheduler   runs the timer; the task only starts asynchronous calls
     * @param listener    hears of users that went offline or stopped typing with a dead node
     */
    public NodeHeartbeat(RedissonClient client, String prefix, String nodeId, Duration nodeTimeout,
                         ScheduledExecutorService scheduler, NodeLossListener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(listener, "listener");
        if (nodeTimeout.toMillis() < 300) {
            throw new IllegalArgumentException("nodeTimeout must be at least 300 ms: " + nodeTimeout);
        }
        this.client = client;
        this.script = client.getScript(StringCodec.INSTANCE);
        this.keys = new ClusterKeys(prefix);
        this.nodeId = ClusterKeys.checkNodeId(nodeId);
        this.nodeTimeout = nodeTimeout;
        this.periodMillis = nodeTimeout.toMillis() / 3;
        this.scheduler = scheduler;
        // the claim outlives a cleanup; if its node dies half way, the next one starts after it
        this.cleanup = new NodeCleanup(client, keys, nodeId, nodeTimeout.multipliedBy(2), listener);
        this.outage = new Outage(log, "node " + nodeId + " heartbeat",
                "other nodes will presume this node dead after " + nodeTimeout.toMillis() + " ms without it");
    }

    /** A new random node id: 16 hex digits, from a secure random source so that ids never collide in practice. */
    public static String randomNodeId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** This node's id. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Writes the first heartbeat and starts the timer. The stage completes once the node is
     * registered, or exceptionally if Redis could not be reached (the timer keeps trying).
     */
    public CompletionStage<Void> start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("heartbeat already started");
        }
        CompletableFuture<Void> first = heartbeat();
        timer = scheduler.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return first;
    }

    /**
     * Stops the timer and takes this node's entries out of Redis, calling the listener for what
     * that changes; completes when done (exceptionally if Redis could not be reached: the other
     * nodes then clean up after {@code nodeTimeout}). Later calls return the same stage.
     */
    public synchronized CompletionStage<Void> shutdown() {
        if (shutdown == null) {
            stopTimer();
            // after the last heartbeat, which would otherwise write the alive key again
            shutdown = lastHeartbeat.handle((ignored, error) -> null)
                    .thenCompose(ignored -> cleanup.run(nodeId))
                    .whenComplete((cleaned, error) -> {
                        if (error != null) {
                            log.warn("node {}: could not remove its entries at shutdown ({}); the other nodes will after {} ms",
                                    nodeId, Outage.describe(error), nodeTimeout.toMillis());
                        } else {
                            log.info("node {} left the cluster", nodeId);
                        }
                    })
                    .thenApply(cleaned -> null);
        }
        return shutdown;
    }

    /** {@link #shutdown()} without waiting for it. */
    @Override
    public void close() {
        shutdown();
    }

    /** Test hook: stops as if the process had died, leaving every entry in Redis. */
    void halt() {
        stopTimer();
    }

    private void stopTimer() {
        stopped.set(true);
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void tick() {
        if (stopped.get()) {
            return;
        }
        if (client.isShuttingDown() || client.isShutdown()) {
            // its owner shut the client down without closing this: nothing left to do
            log.warn("node {}: the Redisson client was shut down before the heartbeat; stopping it", nodeId);
            stopTimer();
            return;
        }
        try {
            heartbeat();
            check();
        } catch (RuntimeException e) {
            // never let an exception end the timer: scheduleAtFixedRate would not run it again
            log.warn("node {}: heartbeat tick failed", nodeId, e);
        }
    }

    /** True once an hour (and at the first heartbeat): time to refresh the TTL of this node's presence hashes. */
    private boolean sweepDue() {
        long now = System.nanoTime();
        if (lastSweep != 0 && now - lastSweep < SWEEP_INTERVAL_NANOS) {
            return false;
        }
        lastSweep = now;
        return true;
    }

    private CompletableFuture<Void> heartbeat() {
        if (!lastHeartbeat.isDone()) {
            return lastHeartbeat; // Redis is slow: one heartbeat in flight is enough
        }
        long epoch = outage.epoch();
        CompletableFuture<Void> beat = Async.<Long>call(() -> script.evalAsync(RScript.Mode.READ_WRITE,
                        PresenceScripts.HEARTBEAT, RScript.ReturnType.LONG,
                        List.of(keys.alive(nodeId), keys.nodes(), keys.nodePresence(nodeId), keys.nodeTyping(nodeId),
                                keys.bus()),
                        nodeId, String.valueOf(nodeTimeout.toMillis()), String.valueOf(PresenceScripts.ABANDONED_MILLIS),
                        sweepDue() ? "1" : "0"))
                .handle((existed, error) -> {
                    if (error != null) {
                        outage.failed(error);
                        throw Async.asCompletionException(error);
                    }
                    outage.succeeded(epoch);
                    if (existed == 0 && registered && !stopped.get()) {
                        log.warn("node {}: its heartbeat had expired (no heartbeat for over {} ms); other nodes may have"
                                + " taken its sockets out of presence", nodeId, nodeTimeout.toMillis());
                    }
                    registered = true;
                    return null;
                });
        lastHeartbeat = beat;
        return beat;
    }

    /** One look for dead nodes; one at a time (a slow Redis must not pile checks up). */
    private void check() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        Async.call(() -> client.<String>getSet(keys.nodes(), StringCodec.INSTANCE).readAllAsync())
                .thenCompose(this::withoutAliveKey)
                .whenComplete((missing, error) -> {
                    try {
                        if (error != null) {
                            suspects = Map.of(); // start over: a node gets two fresh checks
                            log.debug("node {}: dead node check failed ({})", nodeId, Outage.describe(error));
                        } else {
                            confirm(missing);
                        }
                    } finally {
                        checking.set(false);
                    }
                });
    }

    private CompletableFuture<Set<String>> withoutAliveKey(Set<String> nodes) {
        List<String> others = new ArrayList<>(nodes);
        others.remove(nodeId);
        List<CompletableFuture<Boolean>> alive = new ArrayList<>(others.size());
        for (String node : others) {
            alive.add(Async.call(() -> client.getBucket(keys.alive(node)).isExistsAsync()));
        }
        return CompletableFuture.allOf(alive.toArray(CompletableFuture[]::new)).thenApply(all -> {
            Set<String> missing = new HashSet<>();
            for (int i = 0; i < others.size(); i++) {
                if (!alive.get(i).join()) {
                    missing.add(others.get(i));
                }
            }
            return missing;
        });
    }

    /** Cleans up after the nodes that were already missing at a check one period ago. */
    private void confirm(Set<String> missing) {
        long now = System.nanoTime();
        long period = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        Map<String, Long> seen = new ConcurrentHashMap<>();
        for (String node : missing) {
            Long since = suspects.get(node);
            seen.put(node, since == null ? now : since);
            // 90%: fixed-rate ticks come a little early or late
            if (since != null && now - since >= period * 9 / 10 && !stopped.get() && cleaning.add(node)) {
                cleanUpAfter(node);
            }
        }
        suspects = seen;
    }

    private void cleanUpAfter(String node) {
        cleanup.run(node).whenComplete((cleaned, error) -> {
            cleaning.remove(node);
            if (error != null) {
                log.warn("node {}: cleaning up after dead node {} failed ({}); retried once its claim expires",
                        nodeId, node, Outage.describe(error));
            } else if (cleaned) {
                log.info("node {}: cleaned up after dead node {}", nodeId, node);
            }
        });
    }
}
