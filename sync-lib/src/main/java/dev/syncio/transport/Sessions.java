package dev.syncio.transport;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** The open Engine.IO sessions of one server, by session id, and the figures kept across them. */
final class Sessions {

    private final ConcurrentMap<String, EngineSession> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongAdder open = new LongAdder();
    private final LongAdder bufferedBytes = new LongAdder();
    private final LongAdder slowConsumers = new LongAdder();
    private final ConcurrentMap<String, LongAdder> refusals = new ConcurrentHashMap<>();

    /**
     * A new session id: 15 bytes from a secure random, URL-safe base64 (20 characters), so ids
     * can be neither guessed nor enumerated.
     */
    String newId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    EngineSession get(String id) {
        return id == null ? null : byId.get(id);
    }

    /** Set when the server starts to shut down: no new session from then on. */
    private volatile boolean draining;

    void drain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    void add(EngineSession session) {
        byId.put(session.id(), session);
        open.increment();
    }

    void remove(EngineSession session) {
        if (byId.remove(session.id(), session)) {
            open.decrement();
        }
    }

    Collection<EngineSession> all() {
        return byId.values();
    }

    /** A session's queue grew or shrank by {@code delta} bytes. */
    void buffered(long delta) {
        bufferedBytes.add(delta);
    }

    void slowConsumerClosed() {
        slowConsumers.increment();
    }

    /** A limit of the transport refused something; {@code code} names the limit. */
    void refused(String code) {
        refusals.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    EngineStats stats() {
        java.util.Map<String, Long> refused = new java.util.TreeMap<>();
        refusals.forEach((code, count) -> refused.put(code, count.sum()));
        return new EngineStats(open.sum(), bufferedBytes.sum(), slowConsumers.sum(), refused);
    }
}
