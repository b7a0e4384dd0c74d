package dev.syncio.session;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Room membership of one namespace on this node: room name to member sockets. */
final class Rooms {

    private final ConcurrentMap<String, Set<SocketImpl>> members = new ConcurrentHashMap<>();

    void join(String room, SocketImpl socket) {
        // most rooms are a user's, with one or two sockets; a conversation's grows as members join
        members.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet(2)).add(socket);
    }

    void leave(String room, SocketImpl socket) {
        members.computeIfPresent(room, (r, set) -> {
            set.remove(socket);
            return set.isEmpty() ? null : set;
        });
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
