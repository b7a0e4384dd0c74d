package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.BroadcastSink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sink that keeps what it is given (deliveries, and the offsets the bus passed), and notices if
 * it is ever called by two threads at once.
 */
final class RecordingSink implements BroadcastSink {

    record Delivery(Broadcast broadcast, String offset) {
        String text() {
            return broadcast.packet().text();
        }
    }

    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<String> passed = new ArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlapped;

    @Override
    public void deliver(Broadcast broadcast, String offset) {
        if (inside.incrementAndGet() != 1) {
            overlapped = true;
        }
        try {
            synchronized (this) {
                deliveries.add(new Delivery(broadcast, offset));
                notifyAll();
            }
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public void passed(String offset) {
        if (inside.incrementAndGet() != 1) {
            overlapped = true;
        }
        try {
            synchronized (this) {
                passed.add(offset);
                notifyAll();
            }
        } finally {
            inside.decrementAndGet();
        }
    }

    /** The offsets the bus passed without a delivery, in the order it passed them. */
    synchronized List<String> passed() {
        return List.copyOf(passed);
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized List<String> texts() {
        return deliveries.stream().map(Delivery::text).toList();
    }

    /** Waits until at least {@code count} deliveries arrived; returns them all. */
    synchronized List<Delivery> await(int count) {
        return await(count, Eventually.TIMEOUT);
    }

    synchronized List<Delivery> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (deliveries.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("timed out after " + timeout.toSeconds() + " s: " + deliveries.size() + " of " + count
                        + " deliveries arrived: " + texts());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        return List.copyOf(deliveries);
    }

    /** Waits for the delivery whose text is {@code text}; returns everything delivered up to and including it. */
    synchronized List<Delivery> awaitText(String text) {
        long deadline = System.nanoTime() + Eventually.TIMEOUT.toNanos();
        while (deliveries.stream().noneMatch(d -> d.text().equals(text))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("timed out waiting for " + text + "; delivered: " + texts());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        return List.copyOf(deliveries);
    }

    void assertNeverOverlapped() {
        assertEquals(false, overlapped, "the sink was called by two threads at once");
    }
}
