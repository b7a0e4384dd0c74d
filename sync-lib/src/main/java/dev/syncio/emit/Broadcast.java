package dev.syncio.emit;

import dev.syncio.protocol.EncodedPacket;

/**
 * One emit as it travels the bus: its target and its Socket.IO packet, encoded once by the node
 * (or standalone emitter) that emitted it. Every node that has member sockets turns it into one
 * Engine.IO frame and writes the same bytes to each of them. Internal: not part of syncio's API.
 *
 * @param target   who the event is for
 * @param packet   the encoded event
 * @param retained whether connection state recovery keeps it for clients that were away
 *                 ({@code false} for volatile events such as {@code typing})
 */
public record Broadcast(Target target, EncodedPacket packet, boolean retained) {
}
