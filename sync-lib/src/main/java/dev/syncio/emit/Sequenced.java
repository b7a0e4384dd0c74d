package dev.syncio.emit;

/**
 * A broadcast at its place in the bus's order, as the history returns it for a replay.
 * Internal: not part of syncio's API.
 *
 * @param broadcast the broadcast
 * @param offset    its offset in the bus's order (never null here)
 */
public record Sequenced(Broadcast broadcast, String offset) {
}
