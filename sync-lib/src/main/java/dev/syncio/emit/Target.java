package dev.syncio.emit;

import java.util.Objects;
import java.util.Set;

/**
 * Who one emit is for: the sockets of a namespace that are in any of {@code rooms} (or all of
 * them), minus the sockets in {@code exceptSockets} and every socket of the users in
 * {@code exceptUsers}. Immutable, and meaningful on every node: socket ids and user ids are
 * cluster-wide. Internal: not part of syncio's API.
 *
 * @param namespace     the namespace, e.g. {@code "/"}
 * @param rooms         target rooms; ignored when {@code all}
 * @param all           every socket of the namespace
 * @param exceptSockets sockets left out
 * @param exceptUsers   users whose sockets are left out
 */
public record Target(String namespace, Set<String> rooms, boolean all, Set<String> exceptSockets,
                     Set<String> exceptUsers) {

    public Target {
        Objects.requireNonNull(namespace, "namespace");
        rooms = Set.copyOf(rooms);
        exceptSockets = Set.copyOf(exceptSockets);
        exceptUsers = Set.copyOf(exceptUsers);
    }

    /**
     * Whether this target reaches one socket of {@code socketNamespace} that is in
     * {@code socketRooms}: what a replay asks of every retained broadcast for the socket it recovers.
     */
    public boolean reaches(String socketNamespace, String socketId, String userId, Set<String> socketRooms) {
        if (!namespace.equals(socketNamespace) || exceptSockets.contains(socketId) || exceptUsers.contains(userId)) {
            return false;
        }
        if (all) {
            return true;
        }
        for (String room : rooms) {
            if (socketRooms.contains(room)) {
                return true;
            }
        }
        return false;
    }
}
