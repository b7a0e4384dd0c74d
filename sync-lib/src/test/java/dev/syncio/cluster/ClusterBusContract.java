package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.Sequenced;
import dev.syncio.emit.Target;
import dev.syncio.protocol.EncodedPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ClusterBus} does, run against each implementation by a subclass: a broadcast
 * reaches the sink once and intact, and broadcasts published at once from several threads reach it
 * in one order, with increasing offsets, one delivery at a time, each thread's in the order it
 * published them. And the history that recovery replays: {@link ClusterBus#since} returns the
 * retained broadcasts and revocations after an offset, in order, or empty when the history does not
 * reach back to it, bounded by count and by age.
 */
abstract class ClusterBusContract {

    private final List<ClusterBus> buses = new ArrayList<>();

    /** A new bus of the implementation under test, not started; closed after the test. */
    abstract ClusterBus newBus();

    /** A new bus that keeps a history of about {@code maxEvents} entries, each for {@code maxAge}. */
    abstract ClusterBus newBus(int maxEvents, Duration maxAge);

    /** Orders two offsets of the implementation under test, as the bus orders broadcasts. */
    abstract int compareOffsets(String a, String b);

    final ClusterBus track(ClusterBus bus) {
        buses.add(bus);
        return bus;
    }

    @AfterEach
    void closeBuses() {
        buses.forEach(ClusterBus::close);
        buses.clear();
    }

    @Test
    void aBroadcastReachesTheSinkOnceWithEveryFieldIntact() {
        ClusterBus bus = track(newBus());
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        Target target = new Target("/chat:ns", Set.of("room-1", "room|2", "ünïcödé"), false,
                Set.of("socket-a"), Set.of("user:x", "user%y"));
        Broadcast sent = new Broadcast(target,
                new EncodedPacket("52-[\"file\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
                        List.of(binary, new byte[0])), true);

        bus.publish(sent);
        bus.publish(broadcast("marker")); // once it is there, a duplicate of the first would be too

        List<RecordingSink.Delivery> got = sink.awaitText("marker");
        assertEquals(2, got.size(), "deliveries: " + sink.texts());
        assertSameBroadcast(sent, got.get(0).broadcast());
        assertNotNull(got.get(0).offset());
        assertTrue(bus.connected());
    }

    @Test
    void flagsAndEmptySetsSurvive() {
        ClusterBus bus = track(newBus());
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        Broadcast everyone = new Broadcast(new Target("/", Set.of(), true, Set.of(), Set.of()),
                new EncodedPacket("2[\"typing\",{}]", List.of()), false);

        bus.publish(everyone);

        assertSameBroadcast(everyone, sink.await(1).get(0).broadcast());
    }

    @Test
    void broadcastsFromSeveralThreadsArriveInOneOrderWithIncreasingOffsets() throws Exception {
        ClusterBus bus = track(newBus());
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        int threads = 4;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        bus.publish(broadcast(thread + ":" + i));
                    }
                });
            }
            go.countDown();
            List<RecordingSink.Delivery> got = sink.await(threads * each);

            assertEquals(threads * each, got.size());
            for (int i = 1; i < got.size(); i++) {
                assertTrue(compareOffsets(got.get(i - 1).offset(), got.get(i).offset()) < 0,
                        "offsets increase: " + got.get(i - 1).offset() + " then " + got.get(i).offset());
            }
            int[] next = new int[threads];
            for (RecordingSink.Delivery d : got) {
                String[] parts = d.text().split(":");
                int thread = Integer.parseInt(parts[0]);
                assertEquals(next[thread]++, Integer.parseInt(parts[1]), "thread " + thread + "'s broadcasts in publish order");
            }
            sink.assertNeverOverlapped();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sinceReturnsTheRetainedBroadcastsAndRevocationsAfterTheOffsetInOrder() throws Exception {
        ClusterBus bus = track(newBus(100, Duration.ofMinutes(5)));
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        Broadcast leave = Broadcast.leave("/", "alice", "c1");
        bus.publish(broadcast("r1"));
        bus.publish(new Broadcast(new Target("/", Set.of("room"), false, Set.of(), Set.of()),
                new EncodedPacket("volatile", List.of()), false));
        bus.publish(broadcast("r2"));
        bus.publish(leave);
        bus.publish(broadcast("r3"));
        List<RecordingSink.Delivery> got = sink.await(5);

        List<Sequenced> after = since(bus, got.get(0).offset()).orElseThrow();

        assertEquals(3, after.size(), "r2, the revocation, r3: " + after);
        assertSameBroadcast(got.get(2).broadcast(), after.get(0).broadcast());
        assertSameBroadcast(leave, after.get(1).broadcast());
        assertSameBroadcast(got.get(4).broadcast(), after.get(2).broadcast());
        assertEquals(List.of(got.get(2).offset(), got.get(3).offset(), got.get(4).offset()),
                after.stream().map(Sequenced::offset).toList(), "each with the offset it was delivered with");
        assertEquals(Optional.of(List.of()), since(bus, got.get(4).offset()), "nothing after the newest");
        assertEquals(2, since(bus, got.get(2).offset()).orElseThrow().size());
    }

    @Test
    void sinceAnOffsetTheHistoryDoesNotHoldIsEmpty() throws Exception {
        ClusterBus bus = track(newBus(100, Duration.ofMinutes(5)));
        delivered(bus, "r1", "r2");

        for (String offset : new String[] {null, "", "x", "-1", "1-", "1-x", "12abc", "0", "0-1", "999999999",
                "99999999999999-5", "99999999999999999999999"}) {
            assertEquals(Optional.empty(), since(bus, offset), "offset " + offset);
        }
    }

    @Test
    void theHistoryIsBoundedByCount() throws Exception {
        ClusterBus bus = track(newBus(3, Duration.ofMinutes(5)));
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        for (int i = 0; i < 10; i++) {
            // one at a time: a reader that fell behind a stream this short would find entries trimmed away
            bus.publish(broadcast("r" + i));
            sink.await(i + 1);
        }
        List<RecordingSink.Delivery> got = sink.deliveries();

        assertEquals(Optional.empty(), since(bus, got.get(0).offset()), "trimmed away: no partial replay");
        assertEquals(Optional.empty(), since(bus, got.get(5).offset()));
        List<Sequenced> last = since(bus, got.get(8).offset()).orElseThrow();
        assertEquals(List.of("r9"), last.stream().map(s -> s.broadcast().packet().text()).toList());
    }

    @Test
    void theHistoryIsBoundedByAge() {
        ClusterBus bus = track(newBus(100, Duration.ofMillis(300)));
        String offset = delivered(bus, "old").get(0).offset();

        Eventually.until("the entry is older than the history keeps", () -> since(bus, offset).isEmpty());
    }

    @Test
    void theHistoryReportsWhatItHolds() {
        // an age far beyond the test: a sample taken late on a busy machine still finds both
        ClusterBus bus = track(newBus(100, Duration.ofMinutes(5)));
        delivered(bus, "r1", "r2");

        Eventually.until("two entries held", () -> bus.retainedEvents() == 2);
        Eventually.until("their bytes counted", () -> bus.retainedBytes() > 0);
    }

    /** Starts {@code bus}, publishes a retained broadcast of each text, and returns their deliveries. */
    static List<RecordingSink.Delivery> delivered(ClusterBus bus, String... texts) {
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        for (String text : texts) {
            bus.publish(broadcast(text));
        }
        return sink.await(texts.length);
    }

    /** The bus's answer, waited for (tests only): empty, or the replay. */
    static Optional<List<Sequenced>> since(ClusterBus bus, String offset) {
        try {
            return bus.since(offset).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    static Broadcast broadcast(String text) {
        return new Broadcast(new Target("/", Set.of("room"), false, Set.of(), Set.of()),
                new EncodedPacket(text, List.of()), true);
    }

    static void assertSameBroadcast(Broadcast expected, Broadcast actual) {
        assertEquals(expected.target(), actual.target());
        assertEquals(expected.retained(), actual.retained());
        assertEquals(expected.leaveRoom(), actual.leaveRoom());
        assertEquals(expected.packet().text(), actual.packet().text());
        assertEquals(expected.packet().attachments().size(), actual.packet().attachments().size());
        for (int i = 0; i < expected.packet().attachments().size(); i++) {
            assertArrayEquals(expected.packet().attachments().get(i), actual.packet().attachments().get(i), "attachment " + i);
        }
    }
}
