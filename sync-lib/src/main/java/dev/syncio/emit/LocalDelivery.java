package dev.syncio.emit;

import dev.syncio.protocol.EncodedPacket;
import dev.syncio.transport.EngineFrame;
import dev.syncio.transport.EngineSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The last stage of the emit pipeline on every node: finds this node's sockets of a broadcast's
 * target, each once, turns the packet into one Engine.IO frame and queues the same bytes on each
 * of their sessions. Never blocks: writing happens on the sessions' event loops.
 *
 * <p>With connection state recovery on, a retained event carries its offset as last argument,
 * and sockets that recover wait behind a {@link RecoveryGate}: the broadcasts for them are held
 * while their history is replayed, then released in order, and only then do they join their rooms.
 * Deliveries and gate changes take one lock, so a broadcast either reaches a recovering socket
 * through its gate or through its rooms, never both and never neither.
 */
public final class LocalDelivery implements BroadcastSink {

    private final LocalMembers members;
    private final IntConsumer delivered;
    private final boolean appendOffsets;
    private final List<RecoveryGate> gates = new ArrayList<>();
    /** The last offset the bus delivered or passed (guarded by this). */
    private String position;

    /**
     * @param members       the sockets of this node
     * @param delivered     told how many sockets each broadcast reached (for stats)
     * @param appendOffsets whether retained events carry their offset as last argument (recovery on)
     */
    public LocalDelivery(LocalMembers members, IntConsumer delivered, boolean appendOffsets) {
        this.members = members;
        this.delivered = delivered;
        this.appendOffsets = appendOffsets;
    }

    @Override
    public synchronized void deliver(Broadcast broadcast, String offset) {
        if (broadcast.leaveRoom() != null) {
            forEachTarget(broadcast.target(), socket -> socket.leaveRoom(broadcast.leaveRoom()));
        } else {
            List<EngineSession> sessions = new ArrayList<>();
            forEachTarget(broadcast.target(), socket -> sessions.add(socket.engine()));
            if (!sessions.isEmpty()) {
                EncodedPacket packet = appendOffsets && broadcast.retained() && offset != null
                        ? Offsets.append(broadcast.packet(), offset) : broadcast.packet();
                // encoded once: every member's connection writes the same bytes
                EngineSession.broadcast(EngineFrame.message(packet), sessions);
                delivered.accept(sessions.size());
            }
        }
        if (!gates.isEmpty()) {
            for (RecoveryGate gate : gates) {
                gate.offer(broadcast, offset);
            }
        }
        if (offset != null) {
            passed(offset);
        }
    }

    @Override
    public synchronized void passed(String offset) {
        position = offset;
        if (!gates.isEmpty()) {
            openReadyGates();
        }
    }

    /**
     * Starts holding the broadcasts for a socket that recovers: from now on, whatever this node
     * delivers to {@code rooms} (or to everyone) is held for it. Call before reading its history.
     */
    public synchronized RecoveryGate hold(String namespace, String socketId, String userId, Set<String> rooms) {
        RecoveryGate gate = new RecoveryGate(namespace, socketId, userId, rooms);
        gates.add(gate);
        return gate;
    }

    /**
     * Queues the replay on the socket's session and opens the gate as soon as this node's delivery
     * has reached the replay's last offset (at once, unless this node reads the bus behind the
     * history just read): held broadcasts after the replay follow, then the socket joins its rooms
     * through {@code onLive}. Fails the gate when it held too much.
     *
     * @param replay  the missed events, in order, offsets appended where they apply
     * @param through the offset the replay ends at (the client's own offset when nothing was missed)
     * @param rooms   the rooms the socket is in after the replay
     */
    public synchronized void replay(RecoveryGate gate, List<EncodedPacket> replay, String through, Set<String> rooms,
                                    EngineSession session, RecoveryGate.Live onLive) {
        if (gate.overflowed()) {
            abandon(gate, new IllegalStateException("more than " + RecoveryGate.MAX_HELD
                    + " broadcasts arrived while the history was read"));
            return;
        }
        for (EncodedPacket packet : replay) {
            session.send(packet);
        }
        gate.replayed(through, rooms, session::send, onLive);
        if (position != null && Offsets.compare(position, through) >= 0) {
            open(gate);
        }
    }

    /** Stops holding for a socket whose recovery ended before it went live. */
    public synchronized void abandon(RecoveryGate gate, Throwable why) {
        if (gates.remove(gate)) {
            gate.abandon(why);
        }
    }

    private void openReadyGates() {
        for (RecoveryGate gate : List.copyOf(gates)) {
            if (gate.overflowed() && gate.ready()) {
                abandon(gate, new IllegalStateException("more than " + RecoveryGate.MAX_HELD
                        + " broadcasts arrived before this node's delivery reached the replay"));
            } else if (gate.ready() && Offsets.compare(position, gate.replayedThrough()) >= 0) {
                open(gate);
            }
        }
    }

    private void open(RecoveryGate gate) {
        gates.remove(gate);
        gate.open(appendOffsets);
    }

    /**
     * Hands each connected target socket of this node to {@code action}, once. One room (the
     * common case) or everyone needs no de-duplication: a socket is in a room's member set, or the
     * namespace, once.
     */
    private void forEachTarget(Target target, Consumer<Recipient> action) {
        Collection<? extends Recipient> candidates;
        if (target.all()) {
            candidates = members.all(target.namespace());
        } else if (target.rooms().size() == 1) {
            candidates = members.members(target.namespace(), target.rooms().iterator().next());
        } else {
            Set<Recipient> union = new LinkedHashSet<>();
            for (String room : target.rooms()) {
                union.addAll(members.members(target.namespace(), room));
            }
            candidates = union;
        }
        for (Recipient socket : candidates) {
            if (socket.connected()
                    && (target.exceptSockets().isEmpty() || !target.exceptSockets().contains(socket.id()))
                    && (target.exceptUsers().isEmpty() || !target.exceptUsers().contains(socket.userId()))) {
                action.accept(socket);
            }
        }
    }
}
