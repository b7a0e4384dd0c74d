package dev.syncio.emit;

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
 */
public final class LocalDelivery implements BroadcastSink {

    private final LocalMembers members;
    private final IntConsumer delivered;

    /**
     * @param members   the sockets of this node
     * @param delivered told how many sockets each broadcast reached (for stats)
     */
    public LocalDelivery(LocalMembers members, IntConsumer delivered) {
        this.members = members;
        this.delivered = delivered;
    }

    @Override
    public void deliver(Broadcast broadcast, String offset) {
        if (broadcast.leaveConversation() != null) {
            forEachTarget(broadcast.target(), socket -> socket.leaveConversation(broadcast.leaveConversation()));
            return;
        }
        List<EngineSession> sessions = new ArrayList<>();
        forEachTarget(broadcast.target(), socket -> sessions.add(socket.engine()));
        if (sessions.isEmpty()) {
            return;
        }
        // encoded once: every member's connection writes the same bytes
        EngineSession.broadcast(EngineFrame.message(broadcast.packet()), sessions);
        delivered.accept(sessions.size());
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
