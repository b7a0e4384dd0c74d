package dev.syncio.transport;

import io.netty.handler.codec.http.HttpResponseStatus;

/** The HTTP errors of the Engine.IO protocol, with the reference server's codes and messages. */
enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown", HttpResponseStatus.BAD_REQUEST),
    UNKNOWN_SID(1, "Session ID unknown", HttpResponseStatus.BAD_REQUEST),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", HttpResponseStatus.BAD_REQUEST),
    BAD_REQUEST(3, "Bad request", HttpResponseStatus.BAD_REQUEST),
    FORBIDDEN(4, "Forbidden", HttpResponseStatus.FORBIDDEN),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", HttpResponseStatus.BAD_REQUEST),
    /** Not an Engine.IO code: a request outside the configured path. */
    NOT_FOUND(-1, "Not found", HttpResponseStatus.NOT_FOUND),
    /** Not an Engine.IO code: a client address over its handshake rate. */
    TOO_MANY_REQUESTS(-2, "Too many requests", HttpResponseStatus.TOO_MANY_REQUESTS),
    /** Not an Engine.IO code: a handshake while the server shuts down (the client retries elsewhere). */
    SHUTTING_DOWN(-3, "Server shutting down", HttpResponseStatus.SERVICE_UNAVAILABLE);

    final int code;
    final String message;
    final HttpResponseStatus status;

    EngineError(int code, String message, HttpResponseStatus status) {
        this.code = code;
        this.message = message;
        this.status = status;
    }

    String json() {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }
}
