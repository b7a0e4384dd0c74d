package dev.syncio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The immutable configuration of a {@link SyncServer}, as built by {@link SyncServer.Builder}.
 *
 * @param host             address to bind, {@code null} for all interfaces
 * @param port             port, {@code 0} for an ephemeral one
 * @param path             Socket.IO path, default {@code /socket.io}
 * @param allowedOrigins   browser origins allowed to connect (exact {@code scheme://host[:port]});
 *                         requests with another {@code Origin} are refused with 403
 * @param pingInterval     Engine.IO heartbeat interval, default 25 s
 * @param pingTimeout      how long a missing heartbeat is tolerated, default 20 s
 * @param connectTimeout   how long a new connection may take to send its Socket.IO CONNECT, default 45 s
 * @param maxPayloadBytes  largest message, WebSocket frame or polling body accepted, default 1 MB
 * @param transports       enabled transports, default both
 * @param tls              TLS settings, or {@code null} for plain HTTP
 * @param workerThreads    Netty event loop threads, 0 for one per core
 * @param callbackThreads  threads running host callbacks when no executor is given, default 16
 * @param queryToken       whether the {@code token} query parameter is a token source, default true
 * @param engineIoEchoPath path of a raw Engine.IO echo endpoint (for the Engine.IO compliance suite), or null
 * @param typingTimeout    when a {@code typing: true} that is not refreshed ends, default 6 s
 * @param rateLimit        the per-socket rate limit of client events, default 20/s with bursts of 40
 * @param eventRateLimits  per-event rate limits that replace the default for those events
 * @param maxConversationsPerSocket how many conversations one socket may join, default 200
 * @param maxBufferedBytes bytes a session may have queued and not yet written before it counts as a slow
 *                         consumer, default 1 MiB; it never holds more than twice this
 * @param slowConsumerGrace how long a session may stay over {@code maxBufferedBytes} before it is
 *                         disconnected as a slow consumer, default 5 s
 * @param webSocketCompression  WebSocket messages of at least this many bytes are compressed
 *                         ({@code permessage-deflate}) for clients that offer it; -1 (the default) for never
 * @param pollingCompression polling answers of at least this many bytes are gzip/deflate-encoded
 *                         for clients that accept it; default 1024, -1 for never
 * @param nativeTransport  whether Netty's native epoll transport is used where available (Linux)
 * @param limits           what one client may make the server hold or do (see {@link Limits})
 * @param userRateLimit    the per-user rate limit of client packets, shared by the user's sockets on a
 *                         node and kept across reconnects; default twice {@code rateLimit}
 * @param rateLimitOffences refused packets tolerated per socket (and per session for CONNECTs) before its
 *                         session is closed with reason {@code rate limited}: bursts of {@code burst},
 *                         refilled at {@code perSecond}; default 100 per 10 s
 * @param recovery         connection state recovery: its window and how much history it keeps
 * @param shutdownGracePeriod how long {@code close()} lets accepted events finish and clients take what was
 *                         written to them before it closes the connections, default 5 s
 * @param trustedProxies   reverse proxies whose {@code X-Forwarded-For} names the client (IP addresses or
 *                         CIDR ranges); none by default
 * @param topics           topic subscriptions: how many per socket, and which topics are coalesced
 */
public record SyncConfig(String host, int port, String path, Set<String> allowedOrigins, Duration pingInterval,
                         Duration pingTimeout, Duration connectTimeout, int maxPayloadBytes,
                         Set<SyncTransport> transports, Tls tls, int workerThreads, int callbackThreads,
                         boolean queryToken, String engineIoEchoPath, Duration typingTimeout, RateLimit rateLimit,
                         java.util.Map<String, RateLimit> eventRateLimits, int maxConversationsPerSocket,
                         int maxBufferedBytes, Duration slowConsumerGrace, int webSocketCompression,
                         int pollingCompression, boolean nativeTransport, Limits limits, RateLimit userRateLimit,
                         RateLimit rateLimitOffences, Recovery recovery, Duration shutdownGracePeriod,
                         java.util.List<String> trustedProxies, Topics topics) {

    /** Copies the collections. */
    public SyncConfig {
        allowedOrigins = Set.copyOf(allowedOrigins);
        transports = Set.copyOf(transports);
        eventRateLimits = java.util.Map.copyOf(eventRateLimits);
        trustedProxies = java.util.List.copyOf(trustedProxies);
    }

    /**
     * TLS from a PKCS#12 key store holding the server's key and certificate chain. Only TLS 1.3 and
     * 1.2 are enabled.
     *
     * @param keyStore the {@code .p12} file
     * @param password its password (never logged)
     */
    public record Tls(Path keyStore, String password) {

        /** Hides the password from logs. */
        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + ", password=***]";
        }
    }

    /**
     * Limits on what one client may make the server hold or do; each refusal is logged at DEBUG
     * and counted in {@link SyncStats#limitRefusals()}. See {@code docs/security.md}.
     *
     * @param maxAttachmentsPerPacket          binary attachments one packet may announce, default 10
     *                                         (their bytes together are capped by {@code maxPayloadBytes})
     * @param maxNamespacesPerSession          namespaces one connection may have open or opening at once, default 5
     * @param maxRefusedConnects               refused CONNECTs after which the connection is closed, default 5
     * @param maxQueuedEventsPerSocket         client events waiting in one socket's callback queue; past it
     *                                         further events are dropped (no ack), default 100
     * @param maxPacketsPerPost                packets one polling POST may carry; a POST with more is
     *                                         refused with 400 and its session closed, default 1000
     * @param maxConnectionsPerAddress         open TCP connections per client IP address, 0 (default) for no limit
     * @param maxHandshakesPerSecondPerAddress new Engine.IO sessions per second per client IP address,
     *                                         0 (default) for no limit
     */
    public record Limits(int maxAttachmentsPerPacket, int maxNamespacesPerSession, int maxRefusedConnects,
                         int maxQueuedEventsPerSocket, int maxPacketsPerPost, int maxConnectionsPerAddress,
                         int maxHandshakesPerSecondPerAddress) {

        /** The defaults. */
        public static final Limits DEFAULT = new Limits(10, 5, 5, 100, 1000, 0, 0);
    }

    /**
     * Connection state recovery (see {@code docs/delivery.md}).
     *
     * @param window    how long a disconnected client may recover its session; zero when recovery is off
     * @param maxEvents retained events kept at most (in a cluster, the Redis stream's approximate length)
     * @param maxBytes  bytes of retained events a single node keeps in memory at most
     */
    public record Recovery(Duration window, int maxEvents, long maxBytes) {

        /** Two minutes, 100,000 events, 64 MiB. */
        public static final Recovery DEFAULT = new Recovery(Duration.ofMinutes(2), 100_000, 64L << 20);

        /** Whether recovery is on. */
        public boolean enabled() {
            return !window.isZero();
        }
    }

    /**
     * Topic subscriptions (see {@code docs/topics.md}).
     *
     * @param maxPerSocket how many topics one socket may be subscribed to, default 200
     * @param coalescing   the coalesced topics, each rule a name prefix and its window, first match wins
     */
    public record Topics(int maxPerSocket, java.util.List<Coalescing> coalescing) {

        /** 200 topics per socket, nothing coalesced. */
        public static final Topics DEFAULT = new Topics(200, java.util.List.of());

        /** Copies the list. */
        public Topics {
            coalescing = java.util.List.copyOf(coalescing);
        }
    }

    /**
     * One coalescing rule: {@code resource:changed} events of the topics whose names start with
     * {@code prefix} are held for up to {@code window} and go out together as one
     * {@code topic:batch}, or earlier once {@code maxBatch} events are held.
     *
     * @param prefix   topic name prefix ({@code ""} for every topic)
     * @param window   how long the first change of a batch may wait
     * @param maxBatch changes in one batch at most
     */
    public record Coalescing(String prefix, Duration window, int maxBatch) {
    }
}
