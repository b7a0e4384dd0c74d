package dev.syncio.recovery;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The session store of a single node: records of connected sockets, and of disconnected ones for
 * the recovery window, bounded by {@code maxDisconnected} (the oldest go first). Thread-safe.
 * <p>
 * A taken record stays as a placeholder of its new owner until that owner's first save: the
 * replaced owner's saves are ignored, and a second taker gets nothing (of two takers, one wins).
 * A forgotten record stays as a tombstone for the window (counted among the disconnected ones):
 * not takeable, it only makes a late save of an older version of its owner lose to the forget.
 */
public final class LocalSessionStore implements SessionStore {

    /** @param forgotten a tombstone: its owner and version only count, it is not takeable */
    private record Kept(SessionRecord record, long expiresAtNanos, boolean forgotten) {
    }

    private final long windowNanos;
    private final int maxDisconnected;
    private final LongSupplier clock;
    private final Map<String, SessionRecord> connected = new HashMap<>();
    /** Pids of {@code connected} that are placeholders of a taker that has not saved yet: not takeable. */
    private final Set<String> held = new HashSet<>();
    /** In the order they disconnected, which is also the order they expire. */
    private final LinkedHashMap<String, Kept> disconnected = new LinkedHashMap<>();

    /**
     * @param window          how long a disconnected session is kept
     * @param maxDisconnected disconnected sessions kept at most
     */
    public LocalSessionStore(Duration window, int maxDisconnected) {
        this(window, maxDisconnected, System::nanoTime);
    }

    LocalSessionStore(Duration window, int maxDisconnected, LongSupplier clock) {
        this.windowNanos = window.toNanos();
        this.maxDisconnected = maxDisconnected;
        this.clock = clock;
    }

    @Override
    public synchronized void connected(SessionRecord record) {
        if (accepts(record)) {
            disconnected.remove(record.pid());
            held.remove(record.pid());
            connected.put(record.pid(), record);
        }
    }

    @Override
    public synchronized void disconnected(SessionRecord record) {
        if (!accepts(record)) {
            return;
        }
        keep(record, false);
    }

    @Override
    public synchronized void forget(SessionRecord record) {
        if (accepts(record)) {
            keep(record, true); // a tombstone, not a removal: a late older save must not bring it back
        }
    }

    private void keep(SessionRecord record, boolean forgotten) {
        connected.remove(record.pid());
        held.remove(record.pid());
        disconnected.remove(record.pid()); // re-inserted at the end: it expires last
        long now = clock.getAsLong();
        disconnected.put(record.pid(), new Kept(record, now + windowNanos, forgotten));
        trim(now);
    }

    @Override
    public synchronized CompletionStage<Optional<SessionRecord>> take(String pid, String userId, String namespace,
                                                                      String newOwner) {
        trim(clock.getAsLong());
        if (held.contains(pid)) {
            return CompletableFuture.completedFuture(Optional.empty()); // another taker has it
        }
        SessionRecord found = connected.get(pid);
        if (found == null) {
            Kept kept = disconnected.get(pid);
            found = kept == null || kept.forgotten() ? null : kept.record();
        }
        if (found == null || !found.userId().equals(userId) || !found.namespace().equals(namespace)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        disconnected.remove(pid);
        // held for the new owner until its first save, so that the replaced owner's saves are ignored
        SessionRecord taken = found.withOwner(newOwner, 0);
        connected.put(pid, taken);
        held.add(pid);
        return CompletableFuture.completedFuture(Optional.of(found));
    }

    @Override
    public synchronized long size() {
        trim(clock.getAsLong());
        return connected.size() + disconnected.values().stream().filter(kept -> !kept.forgotten()).count();
    }

    @Override
    public synchronized void close() {
        connected.clear();
        held.clear();
        disconnected.clear();
    }

    /** Whether a save from {@code record}'s owner may replace what is stored. */
    private boolean accepts(SessionRecord record) {
        SessionRecord stored = connected.get(record.pid());
        if (stored == null) {
            Kept kept = disconnected.get(record.pid());
            stored = kept == null ? null : kept.record();
        }
        return stored == null || (stored.owner().equals(record.owner()) && stored.version() < record.version());
    }

    private void trim(long now) {
        Iterator<Kept> oldestFirst = disconnected.values().iterator();
        while (oldestFirst.hasNext()) {
            Kept kept = oldestFirst.next();
            if (kept.expiresAtNanos() - now > 0 && disconnected.size() <= maxDisconnected) {
                return;
            }
            oldestFirst.remove();
        }
    }
}
