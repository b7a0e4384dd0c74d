package dev.syncio.session;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The sockets of one connection by namespace, copy-on-write: nearly every connection has exactly
 * one namespace for its whole life, held in one immutable single-entry map rather than a
 * concurrent table. Reads (every packet) take no lock; the rare changes are serialized on this
 * object and swap the whole map.
 *
 * @param <S> the socket type ({@link SocketImpl}; a type parameter so a test can use plain objects)
 */
final class NamespaceSockets<S> {

    private volatile Map<String, S> byNamespace = Map.of();

    S get(String namespace) {
        return byNamespace.get(namespace);
    }

    boolean containsKey(String namespace) {
        return byNamespace.containsKey(namespace);
    }

    int size() {
        return byNamespace.size();
    }

    /** Sets the socket of {@code namespace}, replacing any other. */
    synchronized void put(String namespace, S socket) {
        Map<String, S> grown = new HashMap<>(byNamespace);
        grown.put(namespace, socket);
        byNamespace = Map.copyOf(grown);
    }

    /** Removes {@code socket} if it is the one of {@code namespace}; false when it was not. */
    synchronized boolean remove(String namespace, S socket) {
        Map<String, S> current = byNamespace;
        if (current.get(namespace) != socket) {
            return false;
        }
        Map<String, S> rest = new HashMap<>(current);
        rest.remove(namespace);
        byNamespace = Map.copyOf(rest);
        return true;
    }

    /** The sockets now: an immutable collection that later changes leave as it is. */
    Collection<S> snapshot() {
        return byNamespace.values();
    }
}
