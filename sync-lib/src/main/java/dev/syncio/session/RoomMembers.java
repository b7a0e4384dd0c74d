package dev.syncio.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member set of one room, as {@link Rooms} changes it inside its map's atomic compute: a room
 * of one member (a user's room, most of its life) holds it in an immutable single-element set,
 * not a concurrent table of its own; the second member turns that into a concurrent set (a
 * conversation's grows as members join), which then stays until the room empties.
 */
final class RoomMembers {

    private RoomMembers() {
    }

    /** The set of a room after {@code member} joined it; {@code set} is null for a room without members. */
    static <M> Set<M> with(Set<M> set, M member) {
        if (set == null) {
            return Set.of(member);
        }
        if (set instanceof ConcurrentHashMap.KeySetView) {
            set.add(member);
            return set;
        }
        if (set.contains(member)) {
            return set;
        }
        Set<M> shared = ConcurrentHashMap.newKeySet(2);
        shared.addAll(set);
        shared.add(member);
        return shared;
    }

    /** The set of a room after {@code member} left it, or null when the room is now empty. */
    static <M> Set<M> without(Set<M> set, M member) {
        if (!(set instanceof ConcurrentHashMap.KeySetView)) {
            return set.contains(member) ? null : set; // the only member leaves, or one that was not in
        }
        set.remove(member);
        return set.isEmpty() ? null : set;
    }
}
