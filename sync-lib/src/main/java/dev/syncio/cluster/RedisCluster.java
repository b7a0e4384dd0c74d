package dev.syncio.cluster;

import dev.syncio.SyncEmitter;
import dev.syncio.conversation.NodeLossListener;
import dev.syncio.conversation.PresenceStore;
import dev.syncio.emit.EmitterImpl;
import dev.syncio.protocol.Mappers;
import dev.syncio.protocol.SioEncoder;
import dev.syncio.recovery.RedisSessionStore;
import dev.syncio.recovery.SessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one node runs when it joins a cluster over Redis: the stream bus, the presence store, the
 * heartbeat and, with connection state recovery, the session store, under one key prefix and one
 * node id. The only class that {@code SyncServer}
 * names for cluster mode, so a single-node server never loads Redisson (an optional dependency).
 * Internal: not part of syncio's API.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 5;

    private final RedissonClient client;
    private final boolean ownsClient;
    private final String prefix;
    private final Duration nodeTimeout;
    private final String nodeId = NodeHeartbeat.randomNodeId();
    private final RedisStreamBus bus;
    private final RedisPresence presence;
    private final List<RedisSessionStore> sessionStores = new ArrayList<>();
    private NodeHeartbeat heartbeat;

    private RedisCluster(RedissonClient client, boolean ownsClient, String prefix, Duration nodeTimeout,
                         int maxEvents, Duration window) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.prefix = prefix;
        this.nodeTimeout = nodeTimeout;
        this.bus = new RedisStreamBus(client, prefix, maxEvents, window);
        this.presence = new RedisPresence(client, prefix, nodeId);
    }

    /**
     * Cluster mode on the host's client (which stays the host's: {@link #close()} does not shut it down).
     *
     * @param client a Redisson client, or a {@code String} URL ({@code redis://host:port},
     *               {@code rediss://} for TLS, credentials in the URL) for a client syncio owns
     */
    public static RedisCluster of(Object client, String prefix, Duration nodeTimeout) {
        return of(client, prefix, nodeTimeout, RedisStreamBus.DEFAULT_MAX_LENGTH, Duration.ZERO);
    }

    /**
     * Cluster mode with connection state recovery's retention: the bus stream keeps about
     * {@code maxEvents} entries, none much older than {@code window} (every reading node trims it).
     * Give the same settings to every node of the cluster.
     *
     * @param client    a Redisson client (stays the host's), or a {@code String} URL for a client
     *                  syncio owns; see {@link #of(Object, String, Duration)}
     * @param maxEvents entries the stream keeps (approximately), at least 1; every broadcast counts,
     *                  retained or not
     * @param window    the recovery window: how long an entry is kept; zero for no age bound
     */
    public static RedisCluster of(Object client, String prefix, Duration nodeTimeout, int maxEvents,
                                  Duration window) {
        Objects.requireNonNull(window, "window");
        if (client instanceof RedissonClient redisson) {
            return new RedisCluster(redisson, false, prefix, nodeTimeout, maxEvents, window);
        }
        Config config = new Config();
        config.useSingleServer().setAddress((String) client);
        return new RedisCluster(Redisson.create(config), true, prefix, nodeTimeout, maxEvents, window);
    }

    /** An emitter of the main namespace that publishes only: for a process with no sockets. */
    public static SyncEmitter standaloneEmitter(RedissonClient client, String prefix) {
        return standaloneEmitter(client, prefix, RedisStreamBus.DEFAULT_MAX_LENGTH);
    }

    /** As {@link #standaloneEmitter(RedissonClient, String)}, trimming the stream to the nodes' {@code maxEvents}. */
    public static SyncEmitter standaloneEmitter(RedissonClient client, String prefix, int maxEvents) {
        RedisStreamBus publisher = RedisStreamBus.publisher(Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(prefix, "prefix"), maxEvents);
        return new EmitterImpl(new SioEncoder(Mappers.wire()), publisher::publish, "/");
    }

    /** The bus every emit of this node takes. */
    public ClusterBus bus() {
        return bus;
    }

    /** Presence across the nodes. */
    public PresenceStore presence() {
        return presence;
    }

    /**
     * A session store in Redis for connection state recovery, shared by the nodes: a client whose
     * node died recovers on another. Closed by {@link #close()} (closing it before is harmless).
     *
     * @param window how long a disconnected session can be recovered; the same as the bus's window
     * @param timer  refreshes the TTLs of this node's connected sessions (only sends asynchronous
     *               commands on it)
     */
    public synchronized SessionStore sessions(Duration window, ScheduledExecutorService timer) {
        RedisSessionStore store = new RedisSessionStore(client, prefix, window, timer);
        sessionStores.add(store);
        return store;
    }

    /** Starts the heartbeat and the watch for dead nodes, whose users {@code listener} announces gone. */
    public synchronized void start(ScheduledExecutorService timer, NodeLossListener listener) {
        heartbeat = new NodeHeartbeat(client, prefix, nodeId, nodeTimeout, timer, listener);
        heartbeat.start().whenComplete((ok, error) -> {
            if (error == null) {
                log.info("node {} joined the cluster (prefix '{}')", nodeId, prefix);
            }
        });
    }

    /**
     * Leaves the cluster: takes this node's presence out of Redis (its users are announced offline
     * to the other nodes) for at most 5 s, stops the bus, and shuts the client down when syncio
     * made it.
     */
    @Override
    public synchronized void close() {
        try {
            if (heartbeat != null) {
                heartbeat.shutdown().toCompletableFuture().get(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("node {} left the cluster without removing its presence ({}); the other nodes will within {} ms",
                    nodeId, e.toString(), nodeTimeout.toMillis());
        } finally {
            sessionStores.forEach(RedisSessionStore::close);
            bus.close();
            if (ownsClient) {
                client.shutdown();
            }
        }
    }
}
