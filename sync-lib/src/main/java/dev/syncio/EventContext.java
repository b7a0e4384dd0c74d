package dev.syncio;

import java.util.List;

/**
 * One event received from a client, handed to an {@link EventHandler}: who sent it, its
 * arguments, and a way to acknowledge it.
 */
public interface EventContext {

    /** The socket that sent the event. */
    SyncSocket socket();

    /** Shortcut for {@code socket().principal()}. */
    default Principal principal() {
        return socket().principal();
    }

    /** The event name. */
    String event();

    /**
     * The arguments as plain Java values: {@code Map}, {@code List}, {@code String}, {@code Number},
     * {@code Boolean}, {@code byte[]} for binary attachments, or {@code null}.
     */
    List<Object> args();

    /** Binds argument {@code index} to a type with Jackson; throws {@link IllegalArgumentException} when it does not fit. */
    <T> T arg(int index, Class<T> type);

    /** Whether the client asked for an acknowledgement. */
    boolean ackRequested();

    /** Acknowledges with these arguments; only the first call counts, and only if an ack was requested. */
    void ack(Object... args);

    /** Acknowledges success: {@code {ok: true, ...fields}}. */
    default void reply(java.util.Map<String, ?> fields) {
        java.util.Map<String, Object> ack = new java.util.LinkedHashMap<>();
        ack.put("ok", true);
        ack.putAll(fields);
        ack(ack);
    }

    /** Acknowledges failure: {@code {ok: false, error: {code, message}}}. */
    default void fail(ErrorCode code, String message) {
        java.util.Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("code", code.wireValue());
        error.put("message", message);
        java.util.Map<String, Object> ack = new java.util.LinkedHashMap<>();
        ack.put("ok", false);
        ack.put("error", error);
        ack(ack);
    }
}
