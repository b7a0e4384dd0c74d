package dev.syncio.transport;

/**
 * The transport's figures for {@code SyncServer.stats()}. Internal: not part of syncio's API.
 *
 * @param openSessions            Engine.IO sessions open now
 * @param bufferedBytes           bytes queued for clients, not yet written to their connections
 * @param slowConsumerDisconnects sessions closed since start because they did not read fast enough
 * @param refusals                what the transport's limits refused since start, by code
 */
public record EngineStats(long openSessions, long bufferedBytes, long slowConsumerDisconnects,
                          java.util.Map<String, Long> refusals) {

    /** A server that is not running. */
    public static final EngineStats NONE = new EngineStats(0, 0, 0);

    public EngineStats(long openSessions, long bufferedBytes, long slowConsumerDisconnects) {
        this(openSessions, bufferedBytes, slowConsumerDisconnects, java.util.Map.of());
    }
}
