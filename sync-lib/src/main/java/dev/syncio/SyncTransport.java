package dev.syncio;

/** The two Engine.IO transports. Both are on by default; clients start on polling and upgrade. */
public enum SyncTransport {
    /** A WebSocket, from the start or after upgrade. */
    WEBSOCKET,
    /** HTTP long-polling: the fallback when WebSocket is blocked. */
    POLLING
}
