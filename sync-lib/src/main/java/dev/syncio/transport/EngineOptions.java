package dev.syncio.transport;

import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * What the transport needs to know. Internal: built by {@code SyncServer} from its config.
 *
 * @param host               bind address, or null for all interfaces
 * @param port               port, 0 for an ephemeral one
 * @param path               Socket.IO path, e.g. {@code /socket.io}
 * @param echoPath           path of the raw Engine.IO echo endpoint, or null
 * @param allowedOrigins     origins that may connect from a browser
 * @param pingIntervalMs     heartbeat interval
 * @param pingTimeoutMs      heartbeat timeout
 * @param maxPayload         largest accepted message or HTTP body, in bytes
 * @param websocket          WebSocket transport enabled
 * @param polling            HTTP long-polling transport enabled
 * @param sslContext         TLS context, or null for plain text
 * @param workerThreads      Netty event loop threads, 0 for one per core
 * @param maxBufferedBytes   bytes a session may have queued before it counts as a slow consumer
 * @param slowConsumerGraceMs how long a session may stay over {@code maxBufferedBytes}
 * @param webSocketCompressionThreshold WebSocket messages from this size on are sent with
 *                           {@code permessage-deflate} when the client offers it; -1 for never
 * @param pollingCompressionThreshold polling answers from this size on are sent gzip- or
 *                           deflate-encoded when the client accepts it; -1 for never
 * @param nativeTransport     whether to use native epoll where available (NIO otherwise)
 * @param maxPacketsPerPost   packets one polling POST may carry (more: 400, the session closed)
 * @param maxConnectionsPerAddress open connections per client IP address, 0 for no limit
 * @param maxHandshakesPerSecondPerAddress new sessions per second per client IP address, 0 for no limit
 * @param trustedProxies      reverse proxies (IP addresses or CIDR ranges) whose {@code X-Forwarded-For} names the client
 */
public record EngineOptions(String host, int port, String path, String echoPath, Set<String> allowedOrigins,
                            int pingIntervalMs, int pingTimeoutMs, int maxPayload, boolean websocket,
                            boolean polling, SSLContext sslContext, int workerThreads, int maxBufferedBytes,
                            long slowConsumerGraceMs, int webSocketCompressionThreshold,
                            int pollingCompressionThreshold, boolean nativeTransport, int maxPacketsPerPost,
                            int maxConnectionsPerAddress, int maxHandshakesPerSecondPerAddress,
                            java.util.List<String> trustedProxies) {

    /** Copies the proxies. */
    public EngineOptions {
        trustedProxies = java.util.List.copyOf(trustedProxies);
    }

    /** Options without the per-address limits and with 1000 packets per POST. */
    public EngineOptions(String host, int port, String path, String echoPath, Set<String> allowedOrigins,
                         int pingIntervalMs, int pingTimeoutMs, int maxPayload, boolean websocket,
                         boolean polling, SSLContext sslContext, int workerThreads, int maxBufferedBytes,
                         long slowConsumerGraceMs, int webSocketCompressionThreshold,
                         int pollingCompressionThreshold, boolean nativeTransport) {
        this(host, port, path, echoPath, allowedOrigins, pingIntervalMs, pingTimeoutMs, maxPayload, websocket, polling,
                sslContext, workerThreads, maxBufferedBytes, slowConsumerGraceMs, webSocketCompressionThreshold,
                pollingCompressionThreshold, nativeTransport, 1000, 0, 0, java.util.List.of());
    }

    /** The Socket.IO path with a trailing slash, as clients request it. */
    String connectPath() {
        return path.endsWith("/") ? path : path + "/";
    }

    /**
     * How long an HTTP connection may stay idle between requests, or take to send one request
     * whole: one heartbeat cycle, the longest a well-behaved client waits between two requests.
     */
    long httpIdleTimeoutMs() {
        return (long) pingIntervalMs + pingTimeoutMs;
    }
}
