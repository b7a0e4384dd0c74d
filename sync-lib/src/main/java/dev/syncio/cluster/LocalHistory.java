package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.Sequenced;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The recent retained broadcasts of a single node, in offset order, for connection state recovery:
 * a ring bounded by count, by bytes and by age, whichever is reached first. Not thread-safe: the
 * {@link LocalBus} calls it under its lock.
 */
final class LocalHistory {

    private record Entry(long sequence, Broadcast broadcast, long bytes, long atNanos) {
    }

    /** What one entry costs beside its packet: the record, the broadcast, its target and the ring slot. */
    private static final long ENTRY_OVERHEAD = 160;

    private final int maxEvents;
    private final long maxBytes;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private Entry[] ring = new Entry[16];
    private int head;
    private int size;
    private long bytes;

    /**
     * @param maxEvents entries kept at most (0 keeps nothing)
     * @param maxBytes  bytes kept at most (approximately: packet text, attachments and overhead)
     * @param maxAge    how long an entry is kept
     * @param clock     nanoseconds, {@link System#nanoTime} outside tests
     */
    LocalHistory(int maxEvents, long maxBytes, Duration maxAge, LongSupplier clock) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = clock;
    }

    /** Keeps a broadcast that recovery replays (retained events and revocations); others are ignored. */
    void add(long sequence, Broadcast broadcast) {
        if (maxEvents == 0 || !(broadcast.retained() || broadcast.leaveRoom() != null)) {
            return;
        }
        long now = clock.getAsLong();
        trim(now);
        Entry entry = new Entry(sequence, broadcast, cost(broadcast), now);
        while (size > 0 && (size >= maxEvents || bytes + entry.bytes() > maxBytes)) {
            removeOldest();
        }
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) % ring.length] = entry;
        size++;
        bytes += entry.bytes();
    }

    /**
     * The entries after {@code sequence}; empty when {@code sequence} is not held (any more): only
     * an offset still in the ring proves that nothing after it was trimmed.
     */
    Optional<List<Sequenced>> since(long sequence) {
        trim(clock.getAsLong());
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long at = at(mid).sequence();
            if (at < sequence) {
                low = mid + 1;
            } else if (at > sequence) {
                high = mid - 1;
            } else {
                List<Sequenced> after = new ArrayList<>(size - mid - 1);
                for (int i = mid + 1; i < size; i++) {
                    Entry e = at(i);
                    after.add(new Sequenced(e.broadcast(), Long.toString(e.sequence())));
                }
                return Optional.of(after);
            }
        }
        return Optional.empty();
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        ring = new Entry[16];
        head = 0;
        size = 0;
        bytes = 0;
    }

    private Entry at(int index) {
        return ring[(head + index) % ring.length];
    }

    private void trim(long now) {
        while (size > 0 && now - at(0).atNanos() > maxAgeNanos) {
            removeOldest();
        }
    }

    private void removeOldest() {
        Entry oldest = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        bytes -= oldest.bytes();
    }

    private void grow() {
        Entry[] bigger = new Entry[Math.min(Math.max(16, maxEvents), ring.length * 2)];
        for (int i = 0; i < size; i++) {
            bigger[i] = at(i);
        }
        ring = bigger;
        head = 0;
    }

    private static long cost(Broadcast broadcast) {
        long cost = ENTRY_OVERHEAD + broadcast.packet().text().length();
        for (byte[] attachment : broadcast.packet().attachments()) {
            cost += attachment.length + 16;
        }
        return cost;
    }
}
