package dev.syncio.transport;

import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The open Engine.IO sessions of one server, by session id. */
final class Sessions {

    private final ConcurrentMap<UUID, EngineSession> byId = new ConcurrentHashMap<>();

    EngineSession get(UUID id) {
        return byId.get(id);
    }

    void add(EngineSession session) {
        byId.put(session.id(), session);
    }

    EngineSession remove(UUID id) {
        return byId.remove(id);
    }

    Collection<EngineSession> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }
}
