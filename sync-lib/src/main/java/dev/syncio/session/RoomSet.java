package dev.syncio.session;

import java.util.Set;

/**
 * The rooms of one socket, copy-on-write: a socket's rooms change a few times in its life and are
 * read on every delivery check, so they live in one immutable JDK set (two names in one small
 * object, more in one open-addressed array) swapped whole on each change, rather than in a
 * concurrent table. Reads take no lock and see the latest set; changes are serialized on this
 * object. A join copies the set once, O(rooms): a socket's rooms are bounded (topics and
 * conversations by policy), so even a few hundred copy only an array of that size.
 */
final class RoomSet {

    private volatile Set<String> names = Set.of();

    boolean contains(String room) {
        return names.contains(room);
    }

    /** Adds {@code room}; false when it was there already. */
    synchronized boolean add(String room) {
        Set<String> current = names;
        if (current.contains(room)) {
            return false;
        }
        String[] grown = current.toArray(new String[current.size() + 1]);
        grown[current.size()] = room;
        names = Set.of(grown);
        return true;
    }

    /** Removes {@code room}; false when it was not there. */
    synchronized boolean remove(String room) {
        Set<String> current = names;
        if (!current.contains(room)) {
            return false;
        }
        String[] rest = new String[current.size() - 1];
        int i = 0;
        for (String name : current) {
            if (!name.equals(room)) {
                rest[i++] = name;
            }
        }
        names = Set.of(rest);
        return true;
    }

    /** The rooms now: an immutable set that later changes leave as it is. */
    Set<String> snapshot() {
        return names;
    }
}
