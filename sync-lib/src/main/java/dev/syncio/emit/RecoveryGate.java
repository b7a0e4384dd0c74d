package dev.syncio.emit;

import dev.syncio.protocol.EncodedPacket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A socket that recovers, between the moment it asks and the moment it receives live events:
 * the broadcasts for it that this node delivers meanwhile wait here while its history is read
 * and replayed, so that it gets what it missed, then what came after, each once and in order.
 * Created and driven by {@link LocalDelivery}, under its lock. Internal: not part of syncio's API.
 */
public final class RecoveryGate {

    /** Broadcasts one gate holds at most; past it the recovery fails (or, once replayed, the socket is dropped). */
    static final int MAX_HELD = 10_000;

    /** What the gate does once the socket may receive live events: join its rooms on this node. */
    public interface Live {
        /**
         * Called under the delivery lock, after the replay and the held broadcasts were queued:
         * the socket joins {@code rooms} (and its namespace) here, so the next broadcast reaches it
         * the ordinary way.
         */
        void join(Set<String> rooms);
    }

    private record Held(Broadcast broadcast, String offset) {
    }

    final String namespace;
    final String socketId;
    final String userId;
    final Set<String> rooms;
    private final List<Held> held = new ArrayList<>();
    private final CompletableFuture<Set<String>> live = new CompletableFuture<>();
    private boolean overflowed;
    private Sender sender;
    private Live onLive;
    /** The offset the replay ended at: held broadcasts up to it were replayed already. */
    private String replayedThrough;

    /** Writes to the recovering socket (its Engine.IO session). */
    interface Sender {
        void send(EncodedPacket packet);
    }

    RecoveryGate(String namespace, String socketId, String userId, Set<String> rooms) {
        this.namespace = namespace;
        this.socketId = socketId;
        this.userId = userId;
        this.rooms = new LinkedHashSet<>(rooms);
    }

    /** Completes with the rooms the socket joined once it receives live events; fails when it never will. */
    public CompletionStage<Set<String>> live() {
        return live;
    }

    /** Whether more broadcasts arrived than the gate may hold. */
    boolean overflowed() {
        return overflowed;
    }

    boolean ready() {
        return sender != null;
    }

    String replayedThrough() {
        return replayedThrough;
    }

    /** A broadcast this node delivered while the gate is open; kept when it may concern the socket. */
    void offer(Broadcast broadcast, String offset) {
        if (overflowed) {
            return;
        }
        if (broadcast.leaveRoom() == null && !broadcast.target().reaches(namespace, socketId, userId, rooms)) {
            return;
        }
        if (held.size() >= MAX_HELD) {
            overflowed = true;
            held.clear();
            return;
        }
        held.add(new Held(broadcast, offset));
    }

    /**
     * The replay is queued; from now on the held broadcasts after {@code through} go out when the
     * gate opens, for the rooms the socket is in after the replay ({@code rooms}: the access policy
     * and the revocations of the history applied).
     */
    void replayed(String through, Set<String> rooms, Sender sender, Live onLive) {
        this.rooms.retainAll(rooms);
        this.replayedThrough = through;
        this.sender = sender;
        this.onLive = onLive;
    }

    /**
     * Opens the gate: queues the held broadcasts after the replay (revocations applied in order),
     * lets the socket join its rooms, and completes {@link #live()}.
     *
     * @param appendOffsets whether retained events carry their offset as last argument
     */
    void open(boolean appendOffsets) {
        for (Held h : held) {
            if (h.offset() != null && Offsets.compare(h.offset(), replayedThrough) <= 0) {
                continue; // replayed already
            }
            Broadcast b = h.broadcast();
            if (b.leaveRoom() != null) {
                if (b.target().reaches(namespace, socketId, userId, Set.of(RoomNames.user(userId)))) {
                    rooms.remove(b.leaveRoom());
                }
                continue;
            }
            if (b.target().reaches(namespace, socketId, userId, rooms)) {
                sender.send(appendOffsets && b.retained() && h.offset() != null
                        ? Offsets.append(b.packet(), h.offset()) : b.packet());
            }
        }
        held.clear();
        onLive.join(Set.copyOf(rooms));
        live.complete(Set.copyOf(rooms));
    }

    /** The recovery ended without the socket going live (it failed, or the socket went away). */
    void abandon(Throwable why) {
        held.clear();
        live.completeExceptionally(why);
    }
}
