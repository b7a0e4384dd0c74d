package dev.syncio.session;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Room membership of one namespace on this node: room name to member sockets ({@link RoomMembers}).
 * Every change of a room runs inside the map's atomic compute for that room, so a join never adds
 * to a set that a concurrent leave has just dropped.
 */
final class Rooms {

    private final ConcurrentMap<String, Set<SocketImpl>> members = new ConcurrentHashMap<>();

    void join(String room, SocketImpl socket) {
        members.compute(room, (r, set) -> RoomMembers.with(set, socket));
    }

    void leave(String room, SocketImpl socket) {
        members.computeIfPresent(room, (r, set) -> RoomMembers.without(set, socket));
    }

    Collection<SocketImpl> members(String room) {
        Set<SocketImpl> set = members.get(room);
        return set == null ? Set.of() : set;
    }

    /** How many rooms whose name starts with {@code prefix} have members. */
    long count(String prefix) {
        return members.keySet().stream().filter(room -> room.startsWith(prefix)).count();
    }
}
