package dev.syncio;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.auth.TokenVerifier;
import dev.syncio.cluster.ClusterBus;
import dev.syncio.cluster.LocalBus;
import dev.syncio.recovery.LocalSessionStore;
import dev.syncio.recovery.SessionStore;
import dev.syncio.cluster.RedisCluster;
import dev.syncio.emit.RoomNames;
import dev.syncio.conversation.LocalPresence;
import dev.syncio.conversation.PresenceStore;
import dev.syncio.protocol.Mappers;
import dev.syncio.session.SocketLayer;
import dev.syncio.transport.EngineOptions;
import dev.syncio.transport.EngineServer;
import dev.syncio.transport.EngineStats;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Socket.IO server (Engine.IO v4 / Socket.IO v5) embedded in a JVM service: the entry point of
 * syncio. The server itself is the main namespace {@code "/"}.
 *
 * <pre>{@code
 * try (SyncServer server = SyncServer.builder()
 *         .port(9092)
 *         .allowedOrigins("https://app.example.com")
 *         .auth(JwtVerifier.builder().hmacSecret(secret).build())
 *         .build()
 *         .start()) {
 *     server.on("chat", event -> server.emitter().toAll().emit("chat", event.args().get(0)));
 *     ...
 * }
 * }</pre>
 *
 * <p>Threading: network I/O runs on Netty event loops, which syncio never blocks. Every host
 * callback (connect, disconnect, event handlers, ack futures, token verification) runs on a
 * callback executor, one task at a time per socket, in the order the client sent its packets.
 * Emitting is thread-safe from any thread.
 */
public final class SyncServer implements SyncNamespace, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyncServer.class);
    /** Disconnected sessions a single node keeps for recovery at most (besides the window). */
    private static final int MAX_KEPT_SESSIONS = 100_000;

    private final SyncConfig config;
    private final ExecutorService callbackPool;
    private final boolean ownsCallbackPool;
    private final ScheduledExecutorService timer;
    /** Cluster mode's parts, or null on a single node (Redisson is then never loaded). */
    private final RedisCluster cluster;
    private final ClusterBus bus;
    private final SocketLayer sockets;
    private final EngineServer engine;
    private final SyncNamespace main;
    /** The host's MeterRegistry, or null; typed Object so that this class never names Micrometer. */
    private final Object meterRegistry;
    /** A {@code MicrometerMetrics} once started with a registry; Object for the same reason. */
    private volatile AutoCloseable meters;
    private volatile boolean started;
    private volatile boolean closed;

    private SyncServer(Builder b, SyncConfig config) {
        this.config = config;
        this.ownsCallbackPool = b.callbackExecutor == null;
        this.callbackPool = ownsCallbackPool
                ? callbackPool(config.callbackThreads())
                : b.callbackExecutor;
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("syncio-scheduler"));
        // every connection schedules a connect timeout and cancels it at CONNECT: without this a
        // cancelled timer would stay queued (and hold its connection) for the whole timeout
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
        ObjectMapper mapper = Mappers.wire();
        SyncConfig.Recovery recovery = config.recovery();
        // a session belongs to a user: without authentication there is nobody to recover it for
        boolean recovering = recovery.enabled() && b.verifier != null;
        this.cluster = b.redis == null ? null : RedisCluster.of(b.redis, b.clusterPrefix, b.nodeTimeout,
                recovery.maxEvents(), recovering ? recovery.window() : Duration.ZERO);
        this.bus = cluster != null ? cluster.bus()
                : recovering ? new LocalBus(recovery.maxEvents(), recovery.maxBytes(), recovery.window())
                : new LocalBus();
        PresenceStore presence = cluster == null ? new LocalPresence() : cluster.presence();
        SessionStore sessions = !recovering ? null
                : cluster == null ? new LocalSessionStore(recovery.window(), MAX_KEPT_SESSIONS)
                : cluster.sessions(recovery.window(), timer);
        this.sockets = new SocketLayer(mapper, callbackPool, timer, new SocketLayer.Options(b.verifier,
                config.queryToken(), config.connectTimeout().toMillis(), b.access, config.typingTimeout(),
                config.rateLimit(), config.eventRateLimits(), config.maxConversationsPerSocket(),
                config.limits(), config.maxPayloadBytes(), config.userRateLimit(), config.rateLimitOffences(),
                b.topicAccess, config.topics()), bus, presence, sessions);
        this.main = sockets.namespace("/", true);
        this.engine = new EngineServer(engineOptions(config), sockets);
        this.meterRegistry = b.meterRegistry;
    }

    /** A builder with secure defaults; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving.
     *
     * @return this server
     * @throws IllegalStateException when the port cannot be bound or the server was started before
     */
    public SyncServer start() {
        if (started) {
            throw new IllegalStateException("server already started");
        }
        started = true;
        if (cluster != null) {
            cluster.start(timer, sockets.nodeLoss());
        }
        engine.start();
        timer.scheduleAtFixedRate(() -> sockets.summarizeRefusals(engine.stats()), 1, 1, TimeUnit.MINUTES);
        if (meterRegistry != null) {
            // the only reference to Micrometer: without a registry its classes are never loaded
            meters = dev.syncio.metrics.MicrometerMetrics.bind(meterRegistry, new dev.syncio.metrics.MicrometerMetrics.Sources(
                    this::stats, sockets.meterCounts(), sockets::eventsInFlight, engine::webSocketSessions, bus,
                    cluster != null));
        }
        log.info("syncio listening on port {} at {}/ ({} transport{})", engine.port(), config.path(), engine.transport(),
                cluster == null ? "" : ", cluster mode");
        return this;
    }

    /** The port the server listens on (the ephemeral one when configured with port 0). */
    public int port() {
        requireStarted();
        return engine.port();
    }

    /** The configuration this server runs with. */
    public SyncConfig config() {
        return config;
    }

    /** Another namespace, created on first use; the main namespace {@code "/"} is this server. */
    public SyncNamespace namespace(String name) {
        return "/".equals(name) ? this : sockets.namespace(name, true);
    }

    /** Emits to rooms of the main namespace from any thread; see {@link SyncEmitter}. */
    public SyncEmitter emitter() {
        return sockets.emitter("/");
    }

    /** Sockets connected on this node, all namespaces together. */
    public long connectedSockets() {
        return stats().connectedSockets();
    }

    /** Handshakes refused since start (bad or missing tokens). */
    public long refusedHandshakes() {
        return stats().refusedHandshakes();
    }

    /** A snapshot of this node's activity (sockets, users, conversations, event rates, refusals). */
    public SyncStats stats() {
        if (started && !closed) {
            return sockets.stats(engine.stats());
        }
        return sockets.stats(EngineStats.NONE);
    }

    /**
     * The users with at least one socket in the conversation's room, on any node. Completes at once
     * on a single node; in a cluster when Redis answers.
     */
    public CompletionStage<Set<String>> presence(String conversationId) {
        return sockets.presence(conversationId);
    }

    /**
     * Takes a user out of a conversation on all their sockets, on every node, for when the host
     * revokes the membership. The sockets stay connected; other members see the user go offline.
     * The revocation takes the bus like an emit: every node's sockets leave when it reaches that
     * node (on a single node at once), in order with the events emitted before it.
     *
     * @return how many sockets were removed on this node
     */
    public int removeFromConversation(String userId, String conversationId) {
        return sockets.revoke(userId, RoomNames.conversation(conversationId));
    }

    /**
     * Ends a user's subscription to a topic on all their sockets, on every node, for when the host
     * revokes their access (the policy should answer no from now on, or a client may subscribe
     * again). Travels the bus like {@link #removeFromConversation}: in order with the events emitted
     * before it, and a recovering client does not get the topic back.
     *
     * @return how many sockets were unsubscribed on this node
     */
    public int removeFromTopic(String userId, String topic) {
        return sockets.revoke(userId, RoomNames.topic(topic));
    }

    @Override
    public String name() {
        return "/";
    }

    @Override
    public SyncServer onConnect(Consumer<SyncSocket> handler) {
        main.onConnect(handler);
        return this;
    }

    @Override
    public SyncServer onDisconnect(BiConsumer<SyncSocket, String> handler) {
        main.onDisconnect(handler);
        return this;
    }

    @Override
    public SyncServer on(String event, EventHandler handler) {
        main.on(event, handler);
        return this;
    }

    @Override
    public <T> SyncServer on(String event, Class<T> type, TypedEventHandler<T> handler) {
        main.on(event, type, handler);
        return this;
    }

    /**
     * Shuts down gracefully: refuses new connections at once; lets the client events already
     * accepted be handled (their acks written) and clients take what was written to them, within
     * {@code shutdownGracePeriod} (default 5 s); then disconnects every client with a transport
     * close, so the stock clients reconnect (behind a load balancer, to another node, where they
     * recover their sessions within the recovery window); lets the disconnect handlers run; and
     * releases the port and threads. Blocks the calling thread meanwhile. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (meters != null) {
            try {
                meters.close();
            } catch (Exception e) {
                log.warn("removing syncio's meters failed", e);
            }
        }
        long deadline = System.nanoTime() + config.shutdownGracePeriod().toNanos();
        if (started) {
            engine.stopAccepting();
            awaitQuiet(deadline);
            sockets.closeTopicBatches(); // the changes waiting in coalescing windows go to clients still here
            engine.closeSessions();
            // each socket leaves its conversations (presence in Redis) before the cluster client goes
            long leftBy = Math.max(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
            if (!waitUntil(leftBy, () -> sockets.connectedSockets() == 0)) {
                log.debug("{} sockets still disconnecting as the server stops", sockets.connectedSockets());
            }
        }
        sockets.closeTopicBatches(); // a no-op once done above; a server never started sends its batches to the bus
        if (cluster != null) {
            cluster.close(); // announces this node's users offline elsewhere, then stops the bus
        } else {
            bus.close();
        }
        if (ownsCallbackPool) {
            callbackPool.shutdown();
            try {
                // the disconnect handlers just queued run; at least a second, whatever the grace left
                long wait = Math.max(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime());
                if (!callbackPool.awaitTermination(wait, TimeUnit.NANOSECONDS)) {
                    log.warn("callbacks still running {} ms after close began; interrupting them",
                            config.shutdownGracePeriod().toMillis());
                    callbackPool.shutdownNow();
                }
            } catch (InterruptedException e) {
                callbackPool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        timer.shutdownNow(); // after the callbacks: their timeouts and expiries may still be armed
        if (started) {
            engine.shutdown();
        }
        log.info("syncio stopped");
    }

    /**
     * Waits (on the closing thread, never an event loop) until no accepted client event is left
     * unhandled, or until {@code deadline}; then, for at most a second more within the deadline,
     * until the sessions took what was written to them (a polling client that is there fetches it
     * within a round trip; a client that is gone would hold the close for nothing).
     */
    private void awaitQuiet(long deadline) {
        if (!waitUntil(deadline, () -> sockets.eventsInFlight() == 0)) {
            log.info("closing with {} client events still being handled after {} ms", sockets.eventsInFlight(),
                    config.shutdownGracePeriod().toMillis());
            return;
        }
        long flushDeadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        if (!waitUntil(flushDeadline, () -> engine.stats().bufferedBytes() == 0)) {
            log.debug("closing with {} bytes not taken by clients (gone, or not reading)",
                    engine.stats().bufferedBytes());
        }
    }

    private static boolean waitUntil(long deadline, java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("server not started");
        }
    }

    private static EngineOptions engineOptions(SyncConfig c) {
        return new EngineOptions(c.host(), c.port(), c.path(), c.engineIoEchoPath(), c.allowedOrigins(),
                (int) c.pingInterval().toMillis(), (int) c.pingTimeout().toMillis(), c.maxPayloadBytes(),
                c.transports().contains(SyncTransport.WEBSOCKET), c.transports().contains(SyncTransport.POLLING),
                c.tls() == null ? null : sslContext(c.tls()), c.workerThreads(), c.maxBufferedBytes(),
                c.slowConsumerGrace().toMillis(), c.webSocketCompression(), c.pollingCompression(),
                c.nativeTransport(), c.limits().maxPacketsPerPost(), c.limits().maxConnectionsPerAddress(),
                c.limits().maxHandshakesPerSecondPerAddress(), c.trustedProxies());
    }

    private static SSLContext sslContext(SyncConfig.Tls tls) {
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = tls.password().toCharArray();
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load TLS key store " + tls.keyStore() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The default callback pool: up to {@code threads} threads, made when callbacks need them and
     * ended after 30 s without work, so an idle server (however many connections it holds) keeps
     * none of them.
     */
    private static ExecutorService callbackPool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("syncio-callback"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Configures a {@link SyncServer}. Defaults are secure: no browser origin is allowed until
     * listed, payloads are capped at 1 MB, and a server without a token verifier refuses to build
     * unless {@link #allowAnonymous()} is called.
     */
    public static final class Builder {

        private String host;
        private int port = 9092;
        private String path = "/socket.io";
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pingTimeout = Duration.ofSeconds(20);
        private Duration connectTimeout = Duration.ofSeconds(45);
        private int maxPayloadBytes = 1_000_000;
        private Set<SyncTransport> transports = EnumSet.allOf(SyncTransport.class);
        private SyncConfig.Tls tls;
        private int workerThreads;
        private int callbackThreads = 16;
        private ExecutorService callbackExecutor;
        private TokenVerifier verifier;
        private boolean anonymous;
        private boolean queryToken = true;
        private String engineIoEchoPath;
        private ConversationAccess access = ConversationAccess.denyAll();
        private TopicAccess topicAccess = TopicAccess.denyAll();
        private int maxTopicsPerSocket = SyncConfig.Topics.DEFAULT.maxPerSocket();
        private final java.util.List<SyncConfig.Coalescing> coalescing = new java.util.ArrayList<>();
        private Duration typingTimeout = Duration.ofSeconds(6);
        private Duration recoveryWindow = SyncConfig.Recovery.DEFAULT.window();
        private Duration shutdownGracePeriod = Duration.ofSeconds(5);
        private java.util.List<String> trustedProxies = java.util.List.of();
        private int recoveryMaxEvents = SyncConfig.Recovery.DEFAULT.maxEvents();
        private long recoveryMaxBytes = SyncConfig.Recovery.DEFAULT.maxBytes();
        private RateLimit rateLimit = new RateLimit(20, 40);
        private final java.util.Map<String, RateLimit> eventRateLimits = new java.util.LinkedHashMap<>();
        private RateLimit userRateLimit;
        private RateLimit rateLimitOffences = new RateLimit(10, 100);
        private int maxConversationsPerSocket = 200;
        private int maxBufferedBytes = 1 << 20;
        private Duration slowConsumerGrace = Duration.ofSeconds(5);
        private int webSocketCompression = -1;
        private int pollingCompression = 1024;
        private boolean nativeTransport = true;
        private int maxAttachmentsPerPacket = SyncConfig.Limits.DEFAULT.maxAttachmentsPerPacket();
        private int maxNamespacesPerSession = SyncConfig.Limits.DEFAULT.maxNamespacesPerSession();
        private int maxRefusedConnects = SyncConfig.Limits.DEFAULT.maxRefusedConnects();
        private int maxQueuedEventsPerSocket = SyncConfig.Limits.DEFAULT.maxQueuedEventsPerSocket();
        private int maxPacketsPerPost = SyncConfig.Limits.DEFAULT.maxPacketsPerPost();
        private int maxConnectionsPerAddress = SyncConfig.Limits.DEFAULT.maxConnectionsPerAddress();
        private int maxHandshakesPerSecondPerAddress = SyncConfig.Limits.DEFAULT.maxHandshakesPerSecondPerAddress();
        /** A MeterRegistry, or null; kept untyped so a server without one never loads Micrometer. */
        private Object meterRegistry;
        /** A RedissonClient or a URL string; kept untyped so a single-node build never loads Redisson. */
        private Object redis;
        private String clusterPrefix = "syncio";
        private Duration nodeTimeout = Duration.ofSeconds(15);

        private Builder() {
        }

        /**
         * Turns cluster mode on, over the host's Redisson client (which stays the host's: syncio
         * does not shut it down). Every node of one application uses the same Redis and
         * {@link #clusterPrefix}; see {@code docs/scaling.md}.
         */
        public Builder redis(org.redisson.api.RedissonClient client) {
            this.redis = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Turns cluster mode on with a Redis URL: {@code redis://host:port}, {@code rediss://} for
         * TLS, credentials as {@code redis://user:password@host:port}. syncio makes the Redisson
         * client and shuts it down on {@link SyncServer#close()}. Needs {@code org.redisson:redisson}
         * on the class path.
         */
        public Builder redis(String url) {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                throw new IllegalArgumentException("a Redis URL starts with redis:// or rediss://");
            }
            try {
                Class.forName("org.redisson.api.RedissonClient", false, SyncServer.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cluster mode needs org.redisson:redisson on the class path "
                        + "(an optional dependency of sync-lib)", e);
            }
            this.redis = url;
            return this;
        }

        /**
         * The prefix of every Redis key of this application, default {@code syncio}: applications
         * that share one Redis use different prefixes; the nodes of one application the same.
         */
        public Builder clusterPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty() || prefix.length() > 64 || !prefix.matches("[A-Za-z0-9_.{}-]+")) {
                throw new IllegalArgumentException("clusterPrefix is 1 to 64 of [A-Za-z0-9_.{}-], was '" + prefix + "'");
            }
            this.clusterPrefix = prefix;
            return this;
        }

        /**
         * How long a node may go without its heartbeat before the others presume it dead and end
         * its users' presence and typing; default 15 s. The same on every node.
         */
        public Builder nodeTimeout(Duration timeout) {
            this.nodeTimeout = positive(timeout, "nodeTimeout");
            if (timeout.toMillis() < 300) {
                throw new IllegalArgumentException("nodeTimeout must be at least 300 ms, was " + timeout);
            }
            return this;
        }

        /**
         * The reverse proxies (load balancers) in front of this server, as IP addresses
         * ({@code 10.0.0.5}) or CIDR ranges ({@code 10.0.0.0/8}); none by default. For a request
         * from one of them the client's address is taken from {@code X-Forwarded-For} (the
         * right-most entry that is not a trusted proxy): it is what the per-address limits count,
         * what logs show and what {@link SyncSocket#remoteAddress()} returns. The header of any other
         * peer is ignored. The proxies' own connections are not limited per address (their clients
         * are many): limit connections at the proxy.
         *
         * @throws IllegalArgumentException at {@link #build()} for anything but an IP literal or range
         */
        public Builder trustedProxies(String... proxies) {
            this.trustedProxies = java.util.List.of(proxies);
            return this;
        }

        /**
         * How long {@link SyncServer#close()} waits, at most, for the client events it accepted to
         * be handled (their acks written), before it closes the connections (then at most a second
         * more, within this bound, for connected clients to take what was written to them);
         * default 5 s, {@link Duration#ZERO} to close at once. New connections are refused from the
         * start of the close.
         */
        public Builder shutdownGracePeriod(Duration grace) {
            if (grace == null || grace.isNegative() || grace.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shutdownGracePeriod must be zero or positive, was " + grace);
            }
            this.shutdownGracePeriod = grace;
            return this;
        }

        /**
         * How long a client that lost its connection may come back and recover its session
         * (socket.io-client's {@code connectionStateRecovery}): its socket id, its conversations
         * and every retained event it missed, in order; default 2 minutes. {@link Duration#ZERO}
         * turns recovery off: no {@code pid} in the CONNECT reply, no offset after events. See
         * {@code docs/delivery.md}.
         */
        public Builder recoveryWindow(Duration window) {
            if (window == null || window.isNegative() || window.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("recoveryWindow must be zero (off) or positive, was " + window);
            }
            this.recoveryWindow = window;
            return this;
        }

        /**
         * How much history recovery keeps, whichever bound is reached first besides the window:
         * {@code maxEvents} retained events (default 100,000; in a cluster the Redis stream's
         * length) and, on a single node, {@code maxBytes} of them in memory (default 64 MiB). A
         * client that missed more than is kept gets a fresh session and refetches. See
         * {@code docs/scaling.md} for sizing.
         */
        public Builder recoveryHistory(int maxEvents, long maxBytes) {
            if (maxEvents < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("recoveryHistory needs at least one event and one byte");
            }
            this.recoveryMaxEvents = maxEvents;
            this.recoveryMaxBytes = maxBytes;
            return this;
        }

        /**
         * Who may join which conversation ({@code join_conversation}). Default: nobody, until the
         * host supplies a policy.
         */
        public Builder conversationAccess(ConversationAccess access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        /**
         * Who may subscribe to which topic ({@code subscribe}). Default: nobody, until the host
         * supplies a policy. See {@code docs/topics.md}.
         */
        public Builder topicAccess(TopicAccess access) {
            this.topicAccess = Objects.requireNonNull(access, "access");
            return this;
        }

        /** How many topics one socket may be subscribed to at once; default 200. */
        public Builder maxTopicsPerSocket(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxTopicsPerSocket must be >= 1, was " + max);
            }
            this.maxTopicsPerSocket = max;
            return this;
        }

        /**
         * Coalesces the {@code resource:changed} events of every topic whose name starts with
         * {@code prefix} (for a high-rate source such as log lines): the changes emitted on this
         * node within {@code window} of the first go out as one {@code topic:batch}, in order; a
         * batch also goes once it holds 1,000 changes. Each change waits up to {@code window}
         * longer. Off by default; several rules may be given, the first matching prefix wins.
         */
        public Builder coalesceTopics(String prefix, Duration window) {
            Objects.requireNonNull(prefix, "prefix");
            positive(window, "window");
            this.coalescing.add(new SyncConfig.Coalescing(prefix, window, 1000));
            return this;
        }

        /** When a {@code typing: true} that is not refreshed ends; default 6 s. */
        public Builder typingTimeout(Duration timeout) {
            this.typingTimeout = positive(timeout, "typingTimeout");
            return this;
        }

        /**
         * The per-socket limit of client packets (every event, {@code ping} included, and acks);
         * default 20/s, bursts of 40. Applied on the event loop before anything is queued: an event
         * over the limit is dropped (the first of a run gets a {@code rate_limited} ack if it asked
         * for one), and a socket that keeps exceeding is disconnected (see
         * {@link #rateLimitDisconnect(int, Duration)}).
         */
        public Builder rateLimit(RateLimit limit) {
            this.rateLimit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * The per-user limit of client packets: one bucket per user id, shared by all the user's
         * sockets on this node and kept across reconnects (closing a socket and connecting again
         * gives no fresh burst). Default: twice {@link #rateLimit(RateLimit)} (rate and burst).
         */
        public Builder userRateLimit(RateLimit limit) {
            this.userRateLimit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * When a socket that keeps exceeding its rate limits is disconnected: once more than
         * {@code maxRefused} of its packets were refused within {@code window} (a token bucket of
         * {@code maxRefused}, refilled at {@code maxRefused} per {@code window}), its session is
         * closed with reason {@code rate limited}. The same holds for a session's CONNECT packets.
         * Default 100 per 10 s.
         */
        public Builder rateLimitDisconnect(int maxRefused, Duration window) {
            if (maxRefused < 1) {
                throw new IllegalArgumentException("maxRefused must be >= 1, was " + maxRefused);
            }
            positive(window, "window");
            this.rateLimitOffences = new RateLimit(maxRefused * 1000.0 / window.toMillis(), maxRefused);
            return this;
        }

        /** A separate per-socket limit for one event, instead of the default one. */
        public Builder rateLimit(String event, RateLimit limit) {
            eventRateLimits.put(Objects.requireNonNull(event, "event"), Objects.requireNonNull(limit, "limit"));
            return this;
        }

        /** How many conversations one socket may be in at once; default 200. */
        public Builder maxConversationsPerSocket(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConversationsPerSocket must be >= 1, was " + max);
            }
            this.maxConversationsPerSocket = max;
            return this;
        }

        /** Address to bind; default all interfaces. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port to listen on, default 9092; 0 picks a free one (see {@link SyncServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Socket.IO path, default {@code /socket.io}; clients use the same {@code path} option. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.endsWith("/") || path.contains("?")) {
                throw new IllegalArgumentException("path must start with '/' and not end with '/', was '" + path + "'");
            }
            this.path = path;
            return this;
        }

        /**
         * Browser origins allowed to connect, e.g. {@code https://app.example.com} or
         * {@code http://localhost:8080}. Only these get CORS headers; a request carrying another
         * {@code Origin} is refused. Requests without {@code Origin} (native apps, servers) pass.
         */
        public Builder allowedOrigins(String... origins) {
            for (String origin : origins) {
                allowedOrigins.add(validOrigin(origin));
            }
            return this;
        }

        /** Engine.IO heartbeat interval, default 25 s. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive(interval, "pingInterval");
            return this;
        }

        /** How long the server waits for a heartbeat answer, default 20 s. */
        public Builder pingTimeout(Duration timeout) {
            this.pingTimeout = positive(timeout, "pingTimeout");
            return this;
        }

        /** How long a connection may wait before sending its Socket.IO CONNECT, default 45 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Largest accepted message, WebSocket frame or polling body, default 1,000,000 bytes. */
        public Builder maxPayloadBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxPayloadBytes must be at least 1024, was " + bytes);
            }
            this.maxPayloadBytes = bytes;
            return this;
        }

        /**
         * Bytes a session may have queued for its client and not yet written before it counts as a
         * slow consumer; default 1 MiB. A session over it for longer than {@link #slowConsumerGrace}
         * is disconnected (reason {@code slow consumer}), and one that reaches twice this at once.
         */
        public Builder maxBufferedBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBufferedBytes must be at least 1024, was " + bytes);
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        /** How long a session may stay over {@link #maxBufferedBytes} before it is disconnected; default 5 s. */
        public Builder slowConsumerGrace(Duration grace) {
            this.slowConsumerGrace = positive(grace, "slowConsumerGrace");
            return this;
        }

        /**
         * Compresses WebSocket messages of at least {@code thresholdBytes} with
         * {@code permessage-deflate}, for clients that offer it (browsers and the Node client do).
         * Off by default, as in the reference server: compression is done per connection, so it
         * costs CPU for every member a broadcast reaches; turn it on for large payloads over slow links.
         */
        public Builder webSocketCompression(int thresholdBytes) {
            if (thresholdBytes < 0) {
                throw new IllegalArgumentException("webSocketCompression threshold must be >= 0, was " + thresholdBytes);
            }
            this.webSocketCompression = thresholdBytes;
            return this;
        }

        /**
         * Encodes polling answers of at least {@code thresholdBytes} with gzip or deflate when the
         * client accepts it; default 1024 bytes, as in the reference server. {@code -1} turns it off.
         */
        public Builder pollingCompression(int thresholdBytes) {
            if (thresholdBytes < -1) {
                throw new IllegalArgumentException("pollingCompression threshold must be >= 0, or -1 for off, was "
                        + thresholdBytes);
            }
            this.pollingCompression = thresholdBytes;
            return this;
        }

        /**
         * Whether to use Netty's native epoll transport on Linux (less CPU per event and per
         * connection than Java NIO); default true. Elsewhere, or when the native library cannot
         * load, syncio uses NIO whatever this says.
         */
        public Builder nativeTransport(boolean enabled) {
            this.nativeTransport = enabled;
            return this;
        }

        // ---- session limits (docs/security.md): what one client may make the server hold or do ----

        /**
         * Binary attachments one packet may announce; default 10. More closes the connection. The
         * bytes of one packet's attachments together are capped by {@link #maxPayloadBytes}.
         */
        public Builder maxAttachmentsPerPacket(int max) {
            this.maxAttachmentsPerPacket = atLeast(max, 1, "maxAttachmentsPerPacket");
            return this;
        }

        /**
         * Namespaces one connection may have open (or be opening) at once; default 5. A CONNECT past
         * it is refused ({@code too many namespaces}).
         */
        public Builder maxNamespacesPerSession(int max) {
            this.maxNamespacesPerSession = atLeast(max, 1, "maxNamespacesPerSession");
            return this;
        }

        /** Refused CONNECTs (any reason) after which the connection is closed; default 5. */
        public Builder maxRefusedConnects(int max) {
            this.maxRefusedConnects = atLeast(max, 1, "maxRefusedConnects");
            return this;
        }

        /**
         * Client events that may wait in one socket's callback queue; default 100. Events past it
         * are dropped (no ack, counted, logged at DEBUG); the connection stays up.
         */
        public Builder maxQueuedEventsPerSocket(int max) {
            this.maxQueuedEventsPerSocket = atLeast(max, 1, "maxQueuedEventsPerSocket");
            return this;
        }

        /**
         * Engine.IO packets one polling POST may carry; default 1000. A POST with more is refused
         * with 400 and its session closed, before any of its packets is handled.
         */
        public Builder maxPacketsPerPost(int max) {
            this.maxPacketsPerPost = atLeast(max, 1, "maxPacketsPerPost");
            return this;
        }

        /**
         * Open TCP connections per client IP address; 0 (the default) for no limit. A connection
         * past it is closed at once. Behind a proxy every client has the proxy's address: limit there.
         */
        public Builder maxConnectionsPerAddress(int max) {
            this.maxConnectionsPerAddress = atLeast(max, 0, "maxConnectionsPerAddress");
            return this;
        }

        /**
         * New Engine.IO sessions (handshakes) per second per client IP address; 0 (the default)
         * for no limit. A handshake past it is answered 429.
         */
        public Builder maxHandshakesPerSecondPerAddress(int max) {
            this.maxHandshakesPerSecondPerAddress = atLeast(max, 0, "maxHandshakesPerSecondPerAddress");
            return this;
        }

        private static int atLeast(int value, int min, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
            }
            return value;
        }

        /** Enabled transports; default both. */
        public Builder transports(SyncTransport... transports) {
            if (transports.length == 0) {
                throw new IllegalArgumentException("at least one transport is needed");
            }
            this.transports = EnumSet.of(transports[0], transports);
            return this;
        }

        /** Serves TLS (wss/https) from a PKCS#12 key store; TLS 1.3 and 1.2 only. */
        public Builder tls(java.nio.file.Path keyStore, String password) {
            this.tls = new SyncConfig.Tls(Objects.requireNonNull(keyStore, "keyStore"),
                    Objects.requireNonNull(password, "password"));
            return this;
        }

        /** Netty event loop threads; default one per core. */
        public Builder workerThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("workerThreads must be >= 0");
            }
            this.workerThreads = threads;
            return this;
        }

        /** Size of the callback pool syncio creates when no executor is given; default 16. */
        public Builder callbackThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("callbackThreads must be >= 1");
            }
            this.callbackThreads = threads;
            return this;
        }

        /**
         * Runs host callbacks on the host's executor instead of syncio's pool. syncio still runs
         * one task at a time per socket; it does not shut this executor down.
         */
        public Builder callbackExecutor(ExecutorService executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Registers syncio's meters ({@code syncio.*}: connections, refused handshakes, events in and
         * out, acks, rate limits, recovery, cluster; see {@code docs/operations.md}) on the host's
         * registry when the server starts, and removes them when it closes. Needs
         * {@code io.micrometer:micrometer-core} on the class path (optional in syncio: a server
         * without a registry never loads it).
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Verifies each connection's token at the handshake; see {@code docs/authentication.md}. */
        public Builder auth(TokenVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * Accepts connections without a token, each with its own anonymous principal. For tests
         * and public feeds only; without it (or {@link #auth}) {@link #build()} fails.
         */
        public Builder allowAnonymous() {
            this.anonymous = true;
            return this;
        }

        /** Whether the {@code token} query parameter is accepted as a token source; default true. */
        public Builder queryToken(boolean enabled) {
            this.queryToken = enabled;
            return this;
        }

        /**
         * Also serves a raw Engine.IO endpoint at {@code path} that echoes every message back. It
         * exists for the official Engine.IO compliance suite; off by default.
         */
        public Builder engineIoEcho(String path) {
            if (path == null || !path.startsWith("/") || !path.endsWith("/")) {
                throw new IllegalArgumentException("echo path must start and end with '/', was " + path);
            }
            this.engineIoEchoPath = path;
            return this;
        }

        /** Checks the settings and builds a server (not yet started). */
        public SyncServer build() {
            if (verifier == null && !anonymous) {
                throw new IllegalStateException("no authentication configured: call auth(TokenVerifier), "
                        + "or allowAnonymous() for a server that accepts anyone");
            }
            if (verifier != null && anonymous) {
                throw new IllegalStateException("auth(...) and allowAnonymous() exclude each other");
            }
            SyncConfig config = new SyncConfig(host, port, path, allowedOrigins, pingInterval, pingTimeout,
                    connectTimeout, maxPayloadBytes, transports, tls, workerThreads, callbackThreads, queryToken,
                    engineIoEchoPath, typingTimeout, rateLimit, eventRateLimits, maxConversationsPerSocket,
                    maxBufferedBytes, slowConsumerGrace, webSocketCompression, pollingCompression, nativeTransport,
                    new SyncConfig.Limits(maxAttachmentsPerPacket, maxNamespacesPerSession, maxRefusedConnects,
                            maxQueuedEventsPerSocket, maxPacketsPerPost, maxConnectionsPerAddress,
                            maxHandshakesPerSecondPerAddress),
                    userRateLimit != null ? userRateLimit
                            : new RateLimit(rateLimit.perSecond() * 2, (int) Math.min(Integer.MAX_VALUE, 2L * rateLimit.burst())),
                    rateLimitOffences, new SyncConfig.Recovery(recoveryWindow, recoveryMaxEvents, recoveryMaxBytes),
                    shutdownGracePeriod, trustedProxies, new SyncConfig.Topics(maxTopicsPerSocket, coalescing));
            return new SyncServer(this, config);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            if (d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " is too long: " + d);
            }
            return d;
        }

        private static String validOrigin(String origin) {
            Objects.requireNonNull(origin, "origin");
            if ("*".equals(origin)) {
                throw new IllegalArgumentException("'*' is not allowed: list each origin (credentials are sent)");
            }
            URI uri;
            try {
                uri = URI.create(origin);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not an origin: '" + origin + "'", e);
            }
            if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())
                    || uri.getQuery() != null) {
                throw new IllegalArgumentException("an origin is scheme://host[:port] with no path, was '" + origin + "'");
            }
            return origin;
        }
    }
}
