package dev.syncio.emit;

/**
 * Receives the broadcasts of the bus, every node's own included, in the bus's one order.
 * Internal: not part of syncio's API.
 */
public interface BroadcastSink {

    /**
     * Delivers one broadcast to this node's member sockets. Called by one thread at a time, in bus
     * order; must not block.
     *
     * @param broadcast the broadcast
     * @param offset    its position in the bus's order (a Redis stream id, or a local sequence
     *                  number), or null when it was not ordered (delivered locally while Redis was
     *                  unreachable)
     */
    void deliver(Broadcast broadcast, String offset);

    /**
     * The bus's reading passed {@code offset} without a broadcast to deliver there (where it
     * started reading, an entry it skipped): delivery has reached that point of the order. Called
     * like {@link #deliver}, one at a time and in order.
     */
    default void passed(String offset) {
    }
}
