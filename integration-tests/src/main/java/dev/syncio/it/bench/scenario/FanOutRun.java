package dev.syncio.it.bench.scenario;

import dev.syncio.it.bench.load.DeliverySink;
import dev.syncio.it.bench.load.LoadClient;
import dev.syncio.it.bench.measure.LatencyRecorder;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fixed-rate period of the fan-out scenario: each sender sends {@code send_message} to its
 * conversation at {@code 1/N} of the offered message rate, sender {@code k} of {@code N} at phase
 * {@code k/N} of the period plus jitter, so the load is spread rather than bursty. Every member
 * (the sender too) should get each message exactly once; the run counts deliveries per message and
 * per client, so it knows what was lost and what came twice.
 *
 * <p>Message numbers are unique across the runs of one connection set ({@code base} onwards), so
 * a straggler of an earlier run is never counted here.
 */
final class FanOutRun implements DeliverySink {

    private final List<LoadClient> senders;
    private final int roomSize;
    private final int base;
    private final int capacity;
    private final long periodNanos;
    private final long durationNanos;
    private final AtomicInteger nextMessage;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final BitSet[] seenByClient;
    private final LatencyRecorder latencies;
    private final CountDownLatch sendersDone;
    private volatile long startNanos;

    /**
     * @param deliveriesPerSecond the offered rate, in deliveries (messages x room size) per second
     * @param clients             how many clients are connected (client indices are below it)
     */
    FanOutRun(List<LoadClient> senders, int roomSize, double deliveriesPerSecond, Duration duration, int base, int clients) {
        this.senders = senders;
        this.roomSize = roomSize;
        this.base = base;
        double messagesPerSecond = deliveriesPerSecond / roomSize;
        this.periodNanos = (long) (1e9 * senders.size() / messagesPerSecond);
        this.durationNanos = duration.toNanos();
        this.capacity = (int) Math.ceil(messagesPerSecond * duration.toNanos() / 1e9) + 2 * senders.size();
        this.nextMessage = new AtomicInteger(base);
        this.seenByClient = new BitSet[clients];
        this.latencies = new LatencyRecorder(capacity * roomSize);
        this.sendersDone = new CountDownLatch(senders.size());
    }

    /** The first message number after this run. */
    int end() {
        return base + capacity;
    }

    /** Starts every sender; returns at once. */
    void start() {
        startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int k = 0; k < senders.size(); k++) {
            scheduleSend(senders.get(k), k, 0);
        }
    }

    private void scheduleSend(LoadClient sender, int k, long n) {
        int count = senders.size();
        long phase = periodNanos * k / count;
        long jitterRange = Math.max(1, periodNanos / count / 2);
        long jitter = ThreadLocalRandom.current().nextLong(jitterRange) - jitterRange / 2;
        long at = startNanos + n * periodNanos + phase + jitter;
        if (n * periodNanos + phase >= durationNanos) {
            sendersDone.countDown();
            return;
        }
        long delay = Math.max(0, at - System.nanoTime());
        sender.eventLoop().schedule(() -> {
            int message = nextMessage.getAndIncrement();
            if (message < base + capacity) {
                sender.sendMessage(message);
                sent.incrementAndGet();
            }
            scheduleSend(sender, k, n + 1);
        }, delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public void delivered(LoadClient client, int messageIndex, long sentAtNanos, long receivedAtNanos) {
        if (messageIndex < base || messageIndex >= base + capacity) {
            return;   // from another run
        }
        // only this client's event loop touches its bit set
        BitSet seen = seenByClient[client.index()];
        if (seen == null) {
            seen = new BitSet();
            seenByClient[client.index()] = seen;
        }
        int bit = messageIndex - base;
        if (seen.get(bit)) {
            duplicates.incrementAndGet();
            return;
        }
        seen.set(bit);
        received.incrementAndGet();
        latencies.record(receivedAtNanos - sentAtNanos);
    }

    /** Waits (bounded) until every sender has sent its last message. */
    void awaitSent() throws InterruptedException {
        if (!sendersDone.await(durationNanos + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("senders did not finish");
        }
    }

    /** Waits until every expected delivery arrived or {@code limit} passed; true if all arrived. */
    boolean awaitDelivered(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (received.get() < expected()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);   // polling a counter: the deliveries happen on the event loops
        }
        return true;
    }

    long sent() {
        return sent.get();
    }

    long expected() {
        return (long) sent.get() * roomSize;
    }

    long received() {
        return received.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    LatencyRecorder latencies() {
        return latencies;
    }

    double durationSeconds() {
        return durationNanos / 1e9;
    }
}
