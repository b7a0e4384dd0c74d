package dev.syncio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One authenticated client connection in one namespace, as host code sees it. Thread-safe: emit
 * from any thread. Obtained in connect, disconnect and event handlers; do not keep it after the
 * disconnect handler has run.
 */
public interface SyncSocket {

    /** The Socket.IO socket id (not the Engine.IO session id). */
    String id();

    /** Who is connected, as verified at the handshake (or refreshed since). */
    Principal principal();

    /** The namespace, {@code "/"} for the main one. */
    String namespace();

    /** The CONNECT auth payload the client sent, as read-only plain Java values (may contain its token: never log it). */
    Map<String, Object> handshakeAuth();

    /** The client's address. */
    java.net.InetSocketAddress remoteAddress();

    /** The transport the connection currently uses. */
    SyncTransport transport();

    /** The rooms this socket is in (a snapshot). */
    Set<String> rooms();

    /** Whether the socket is still connected. */
    boolean connected();

    /**
     * Whether this connection recovered an earlier one (connection state recovery, see
     * {@code docs/delivery.md}): it has the earlier socket's id and conversations, and received the
     * events it missed. False for a fresh session, whose client must refetch what it shows.
     */
    boolean recovered();

    /**
     * Sends an event to this socket only. Arguments are serialised with Jackson; {@code byte[]}
     * values travel as binary attachments.
     */
    void emit(String event, Object... args);

    /**
     * Sends an event and waits for the client's acknowledgement.
     *
     * @return completes with the ack's arguments, or exceptionally with a
     *         {@link java.util.concurrent.TimeoutException} after {@code timeout}, or with
     *         {@link IllegalStateException} when the socket disconnects first
     */
    CompletableFuture<List<Object>> emitWithAck(String event, Duration timeout, Object... args);

    /** Disconnects this socket from its namespace; the client will not reconnect on its own. */
    void disconnect();
}
