package dev.syncio.demo.api;

import dev.syncio.SyncStats;
import dev.syncio.demo.chat.LiveUpdates;
import dev.syncio.demo.store.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code GET /health} reports: the Socket.IO server (running, connected sockets), the
 * database (a cheap query on the demo's own table, bounded by a timeout) and, in cluster mode,
 * Redis ({@link SyncStats#clusterConnected()}). Any of them down: status {@code down} (HTTP 503)
 * and the names of those down.
 *
 * <p>The database query runs on one thread of its own, at most one at a time: concurrent health
 * requests share the query in flight, so a flood of them costs one query at a time.
 */
public final class HealthCheck implements AutoCloseable {

    /**
     * One report.
     *
     * @param up     whether every dependency is up
     * @param body   the JSON body: {@code {status, down?, checks:{sync, database, redis?}}}
     */
    public record Report(boolean up, Map<String, Object> body) {
    }

    private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);
    /** Touches the demo's schema through the primary key: cheap, and fails when the data is gone. */
    private static final String PROBE = "SELECT id FROM users WHERE id = ''";

    private final Database database;
    private final LiveUpdates live;
    private final boolean clustered;
    private final BooleanSupplier stopping;
    private final Duration timeout;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-health");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Void> inFlight;
    private volatile boolean lastUp = true;

    /**
     * @param clustered whether Redis is configured (and so reported)
     * @param stopping  true once the demo is shutting down (reported as the Socket.IO server down)
     * @param timeout   how long the database query may take
     */
    public HealthCheck(Database database, LiveUpdates live, boolean clustered, BooleanSupplier stopping,
                       Duration timeout) {
        this.database = Objects.requireNonNull(database, "database");
        this.live = Objects.requireNonNull(live, "live");
        this.clustered = clustered;
        this.stopping = Objects.requireNonNull(stopping, "stopping");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Checks everything now (waits at most about the timeout). */
    public Report check() {
        Map<String, Object> checks = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();

        SyncStats stats = null;
        Map<String, Object> sync = new LinkedHashMap<>();
        if (live.ready() && !stopping.getAsBoolean()) {
            try {
                stats = live.stats();
            } catch (RuntimeException e) {
                log.debug("the Socket.IO server's stats failed", e);
            }
        }
        if (stats != null) {
            sync.put("status", "up");
            sync.put("connectedSockets", stats.connectedSockets());
        } else {
            sync.put("status", "down");
            sync.put("error", stopping.getAsBoolean() ? "stopping" : "not running");
            down.add("sync");
        }
        checks.put("sync", sync);

        Map<String, Object> db = new LinkedHashMap<>();
        String dbError = probeDatabase();
        db.put("status", dbError == null ? "up" : "down");
        if (dbError != null) {
            db.put("error", dbError);
            down.add("database");
        }
        checks.put("database", db);

        if (clustered) {
            Map<String, Object> redis = new LinkedHashMap<>();
            boolean connected = stats != null && stats.clusterConnected();
            redis.put("status", connected ? "up" : "down");
            if (!connected) {
                redis.put("error", stats == null ? "unknown (the Socket.IO server is not running)" : "not connected");
                down.add("redis");
            }
            checks.put("redis", redis);
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", down.isEmpty() ? "ok" : "down");
        if (!down.isEmpty()) {
            body.put("down", down);
        }
        body.put("checks", checks);
        boolean up = down.isEmpty();
        if (up != lastUp) {
            lastUp = up;
            if (up) {
                log.info("health: everything is up again");
            } else {
                log.warn("health: down: {}", down);
            }
        }
        return new Report(up, body);
    }

    /** Null when the probe query succeeded within the timeout, else why not (no details for clients). */
    private String probeDatabase() {
        CompletableFuture<Void> probe;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                try {
                    inFlight = CompletableFuture.runAsync(this::runProbe, prober);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return "stopping";
                }
            }
            probe = inFlight;
        }
        try {
            probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return "no answer within " + timeout.toMillis() + " ms";
        } catch (ExecutionException e) {
            log.debug("health: the database probe failed", e.getCause());
            return "query failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void runProbe() {
        database.read(connection -> {
            try (var statement = connection.createStatement()) {
                statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                statement.executeQuery(PROBE).close();
            }
            return null;
        });
    }

    /** Stops the probe thread. */
    @Override
    public void close() {
        prober.shutdownNow();
    }
}
