package dev.syncio.recovery;

import dev.syncio.cluster.Async;
import dev.syncio.cluster.ClusterKeys;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The session store of a cluster: one Redis hash per session ({@link ClusterKeys#session}: a hash of
 * the pid names it, never the pid), changed only by Lua scripts ({@link SessionScripts}), so the
 * rules of {@link LocalSessionStore} hold across nodes: saves of an owner count in version order,
 * a taken record belongs to its taker (the replaced owner's saves are ignored, a second taker gets
 * nothing), and a forgotten record leaves a tombstone for the window instead of a deletion, so a
 * late save of an older version loses to the forget.
 * <p>
 * <b>Lifetimes.</b> A disconnected record (and a tombstone) lives {@code window}. A connected one
 * lives {@code window + 2 * refreshPeriod}, and this store refreshes the TTL of the connected
 * records it saved every {@code refreshPeriod} (min(30 s, window / 2), at least 1 s), in pipelined
 * batches: as long as the node lives its sockets' records stay, and when the node dies without a
 * word they still live at least {@code window} after its last refresh, for its clients to recover
 * on another node. The records to refresh are kept in memory, one per socket of this node, each
 * dropped when its socket disconnects or ends, or when Redis says the record is no longer this
 * owner's connected record.
 * <p>
 * Nothing blocks: saves are sent and not waited for (a failed save is logged at DEBUG, the next one
 * or the refresh repairs it); {@link #take} fails when Redis cannot be reached, and the caller
 * gives the client a fresh session. Redisson may resend a command whose reply timed out: a resent
 * save is ignored (same version), a resent take by the same taker gets the record again. No pid
 * is ever logged. {@link #size()} is -1: counting the keys of a shared Redis is no cheap call.
 * Internal: not part of syncio's API.
 */
public final class RedisSessionStore implements SessionStore {

    /** Refresh scripts in one pipeline: one round trip for a few hundred sockets. */
    static final int REFRESH_BATCH = 256;

    private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);
    private static final Duration MIN_REFRESH = Duration.ofSeconds(1);
    private static final Duration MAX_REFRESH = Duration.ofSeconds(30);

    /** Which save of a connected record this node refreshes: its owner and version. */
    private record Tracked(String owner, long version) {
    }

    private final RedissonClient client;
    private final RScript script;
    private final ClusterKeys keys;
    private final long windowMillis;
    private final long connectedMillis;
    /** Key -> the connected save to refresh; bounded by this node's sockets (see the class comment). */
    private final Map<String, Tracked> refreshed = new ConcurrentHashMap<>();
    /** Saves not yet answered, so that tests can wait for them; bounded by Redisson's own queue. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ScheduledFuture<?> refreshTask;
    private volatile boolean closed;

    /**
     * @param client the Redisson client; stays the caller's (not shut down by {@link #close()})
     * @param prefix the cluster's key prefix
     * @param window how long a disconnected session can be recovered (at least 1 ms)
     * @param timer  runs the refresh every refresh period; each run only sends asynchronous commands
     */
    public RedisSessionStore(RedissonClient client, String prefix, Duration window, ScheduledExecutorService timer) {
        this.client = Objects.requireNonNull(client, "client");
        this.keys = new ClusterKeys(prefix);
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms");
        }
        this.script = client.getScript(StringCodec.INSTANCE);
        this.windowMillis = window.toMillis();
        long refreshMillis = refreshPeriod(window).toMillis();
        this.connectedMillis = windowMillis + 2 * refreshMillis;
        this.refreshTask = timer.scheduleWithFixedDelay(this::refresh, refreshMillis, refreshMillis,
                TimeUnit.MILLISECONDS);
    }

    /** How often the TTLs of connected records are refreshed: min(30 s, window / 2), at least 1 s. */
    static Duration refreshPeriod(Duration window) {
        Duration half = window.dividedBy(2);
        return half.compareTo(MIN_REFRESH) < 0 ? MIN_REFRESH : half.compareTo(MAX_REFRESH) > 0 ? MAX_REFRESH : half;
    }

    @Override
    public void connected(SessionRecord record) {
        String key = keys.session(record.pid());
        Tracked tracked = new Tracked(record.owner(), record.version());
        // before the save is sent: a disconnect that follows at once must find it to remove it
        refreshed.put(key, tracked);
        save(key, record, SessionJson.write(record), true, connectedMillis).thenAccept(saved -> {
            if (Boolean.FALSE.equals(saved)) {
                refreshed.remove(key, tracked); // another owner's, or a newer save of this one is there
            }
        });
    }

    @Override
    public void disconnected(SessionRecord record) {
        String key = keys.session(record.pid());
        refreshed.remove(key);
        save(key, record, SessionJson.write(record), false, windowMillis);
    }

    @Override
    public void forget(SessionRecord record) {
        String key = keys.session(record.pid());
        refreshed.remove(key);
        save(key, record, "", false, windowMillis);
    }

    @Override
    public CompletionStage<Optional<SessionRecord>> take(String pid, String userId, String namespace,
                                                         String newOwner) {
        return Async.<List<Object>>call(() -> script.evalAsync(RScript.Mode.READ_WRITE, SessionScripts.TAKE,
                        RScript.ReturnType.LIST, List.of(keys.session(pid)), userId, namespace, newOwner,
                        String.valueOf(connectedMillis)))
                .thenApply(stored -> {
                    if (stored == null || stored.size() != 3) {
                        return Optional.empty();
                    }
                    return Optional.of(SessionJson.read(pid, (String) stored.get(2), (String) stored.get(0),
                            Long.parseLong((String) stored.get(1))));
                });
    }

    /** -1: the records live in Redis, shared by the nodes. */
    @Override
    public long size() {
        return -1;
    }

    /**
     * Stops refreshing: the connected records this node saved expire {@code window} to
     * {@code window + 2 * refreshPeriod} from now, unless another node takes them.
     */
    @Override
    public void close() {
        closed = true;
        refreshTask.cancel(false);
        refreshed.clear();
    }

    /** Completes once every save sent so far is answered (for tests). */
    CompletableFuture<Void> settled() {
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    /** One save; completes with whether it was applied, or null when it failed (it may have been). */
    private CompletableFuture<Boolean> save(String key, SessionRecord record, String data, boolean live,
                                            long ttlMillis) {
        if (closed) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Long> reply = Async.call(() -> script.evalAsync(RScript.Mode.READ_WRITE,
                SessionScripts.SAVE, RScript.ReturnType.LONG, List.of(key), record.owner(),
                String.valueOf(record.version()), data, live ? "1" : "0", String.valueOf(ttlMillis)));
        pending.add(reply);
        return reply.handle((saved, error) -> {
            pending.remove(reply);
            if (error != null) {
                // record.toString() leaves the pid out
                log.debug("session store: saving {} failed ({})", record, error.toString());
                return null;
            }
            return saved != null && saved == 1L;
        });
    }

    /** One refresh run: pipelines of {@link #REFRESH_BATCH} scripts, one after the other; skipped while one is running. */
    private void refresh() {
        if (closed || refreshed.isEmpty() || client.isShuttingDown() || !refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            List<List<Map.Entry<String, Tracked>>> batches = new ArrayList<>();
            List<Map.Entry<String, Tracked>> batch = new ArrayList<>(REFRESH_BATCH);
            for (Map.Entry<String, Tracked> entry : refreshed.entrySet()) {
                batch.add(Map.entry(entry.getKey(), entry.getValue()));
                if (batch.size() == REFRESH_BATCH) {
                    batches.add(batch);
                    batch = new ArrayList<>(REFRESH_BATCH);
                }
            }
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
            Async.eachInTurn(batches, this::refresh).whenComplete((ok, error) -> {
                refreshing.set(false);
                if (error != null) {
                    log.debug("session store: refreshing the TTLs of connected sessions failed ({})", error.toString());
                }
            });
        } catch (RuntimeException e) {
            refreshing.set(false); // a run that throws must not end the schedule, nor block the next runs
            log.debug("session store: refreshing the TTLs of connected sessions failed", e);
        }
    }

    private CompletionStage<?> refresh(List<Map.Entry<String, Tracked>> batch) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        RBatch pipeline = client.createBatch();
        RScriptAsync scripts = pipeline.getScript(StringCodec.INSTANCE);
        String ttl = String.valueOf(connectedMillis);
        for (Map.Entry<String, Tracked> entry : batch) {
            RFuture<Long> reply = scripts.evalAsync(RScript.Mode.READ_WRITE, SessionScripts.REFRESH,
                    RScript.ReturnType.LONG, List.of(entry.getKey()), entry.getValue().owner(), ttl);
            reply.whenComplete((result, error) -> {
                if (error == null && result != null && result == 0L) {
                    // gone, disconnected, or taken over: no longer this node's to keep alive
                    refreshed.remove(entry.getKey(), entry.getValue());
                }
            });
        }
        return Async.call(pipeline::executeAsync);
    }
}
