package dev.syncio.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts by key (an event name, a code), for a meter per key. The caller bounds the keys (a key
 * never comes from what a client sends unchecked). Internal: not part of syncio's API.
 */
public final class KeyedCounts {

    private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile Consumer<String> onNewKey = key -> { };

    /** Counts one for {@code key}. */
    public void increment(String key) {
        LongAdder count = counts.get(key);
        if (count == null) {
            LongAdder created = new LongAdder();
            count = counts.putIfAbsent(key, created);
            if (count == null) {
                count = created;
                onNewKey.accept(key);
            }
        }
        count.increment();
    }

    /** The count of {@code key}, 0 when never counted. */
    public long count(String key) {
        LongAdder count = counts.get(key);
        return count == null ? 0 : count.sum();
    }

    /** A snapshot of every key's count. */
    public Map<String, Long> snapshot() {
        Map<String, Long> all = new java.util.TreeMap<>();
        counts.forEach((key, count) -> all.put(key, count.sum()));
        return all;
    }

    /**
     * Tells {@code listener} each key counted so far and, from now on, each new key (once, on the
     * thread that counts it first; a key counted while this runs may be told twice).
     */
    public void onNewKey(Consumer<String> listener) {
        this.onNewKey = listener;
        counts.keySet().forEach(listener);
    }
}
