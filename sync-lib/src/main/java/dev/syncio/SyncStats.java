package dev.syncio;

/**
 * A snapshot of one node's activity, for a {@code /stats} endpoint or metrics.
 *
 * @param connectedSockets          sockets connected now (all namespaces)
 * @param connectedUsers            distinct users with at least one socket
 * @param conversationsWithMembers  conversations with at least one socket in their room
 * @param eventsInPerSecond         client events handled per second, over the last 5 s
 * @param eventsOutPerSecond        events written to sockets per second, over the last 5 s
 * @param eventsIn                  client events since start
 * @param eventsOut                 events written to sockets since start
 * @param refusedHandshakes         handshakes refused since start
 * @param openSessions              Engine.IO sessions open now, whether or not a namespace was joined yet
 * @param bufferedBytes             bytes queued for clients and not yet written to their connections
 * @param slowConsumerDisconnects   sessions closed since start because they did not read fast enough
 * @param clusterConnected          whether this node reaches the other nodes through Redis now (always
 *                                  true on a single node); while false, emits reach this node's sockets only
 * @param rateLimitedPackets        client packets (events, acks, CONNECTs) refused by a rate limit since start
 * @param rateLimitDisconnects      sessions closed since start for exceeding a rate limit again and again
 * @param limitRefusals             what the limits of {@code SyncConfig.Limits} refused since start, by
 *                                  code ({@code attachments}, {@code event_queue}, ...; see docs/errors.md);
 *                                  a code appears once it happened
 * @param recoveredSessions         connections that recovered their session since start (connection state
 *                                  recovery, see docs/delivery.md)
 * @param unrecoveredSessions       connections that asked to recover and got a fresh session since start
 *                                  (session unknown or expired, history trimmed, another user's session)
 * @param retainedEvents            events the recovery history holds now (in Redis: the stream's length,
 *                                  sampled every few seconds); -1 when not known yet, 0 with recovery off
 * @param retainedBytes             bytes the recovery history holds now (approximately; in Redis the
 *                                  stream's memory usage, sampled); -1 when not known yet
 * @param recoverySessions          sessions kept for recovery now on this node (connected and within their
 *                                  window); -1 in a cluster, where Redis keeps them
 */
public record SyncStats(long connectedSockets, long connectedUsers, long conversationsWithMembers,
                        double eventsInPerSecond, double eventsOutPerSecond, long eventsIn, long eventsOut,
                        long refusedHandshakes, long openSessions, long bufferedBytes,
                        long slowConsumerDisconnects, boolean clusterConnected, long rateLimitedPackets,
                        long rateLimitDisconnects, java.util.Map<String, Long> limitRefusals,
                        long recoveredSessions, long unrecoveredSessions, long retainedEvents, long retainedBytes,
                        long recoverySessions) {

    /** Copies the map. */
    public SyncStats {
        limitRefusals = java.util.Map.copyOf(limitRefusals);
    }

    /** How many times the limit with this code refused something since start (0 when never). */
    public long limitRefusals(String code) {
        return limitRefusals.getOrDefault(code, 0L);
    }
}
