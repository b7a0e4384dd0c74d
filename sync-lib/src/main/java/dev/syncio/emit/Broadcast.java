package dev.syncio.emit;

import dev.syncio.protocol.EncodedPacket;

/**
 * One emit as it travels the bus: its target and its Socket.IO packet, encoded once by the node
 * (or standalone emitter) that emitted it. Every node that has member sockets turns it into one
 * Engine.IO frame and writes the same bytes to each of them. Internal: not part of syncio's API.
 *
 * <p>A revocation travels the same way, so that it reaches every node in the bus's order: with
 * {@code leaveRoom} set, the target's sockets leave that room (a conversation or a topic)
 * instead of being written to (the packet is empty).
 *
 * @param target            who the event is for
 * @param packet            the encoded event
 * @param retained          whether connection state recovery keeps it for clients that were away
 *                          ({@code false} for volatile events such as {@code typing})
 * @param leaveRoom         for a revocation, the room the target's sockets leave; else null
 */
public record Broadcast(Target target, EncodedPacket packet, boolean retained, String leaveRoom) {

    /** An event to write to the target's sockets. */
    public Broadcast(Target target, EncodedPacket packet, boolean retained) {
        this(target, packet, retained, null);
    }

    /**
     * A revocation: the sockets of {@code userId} in {@code namespace}, on every node, leave the room
     * ({@code conversation:<id>} or {@code topic:<name>}).
     */
    public static Broadcast leave(String namespace, String userId, String room) {
        Target target = new Target(namespace, java.util.Set.of(RoomNames.user(userId)), false, java.util.Set.of(),
                java.util.Set.of());
        return new Broadcast(target, new EncodedPacket("", java.util.List.of()), false, room);
    }
}
