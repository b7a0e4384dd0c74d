package dev.syncio.transport;

/**
 * What every session and connection of one server shares.
 *
 * @param options  the transport's settings
 * @param sessions the open sessions and their figures
 * @param listener the layer above, told of each new session
 */
record EngineContext(EngineOptions options, Sessions sessions, EngineListener listener) {
}
