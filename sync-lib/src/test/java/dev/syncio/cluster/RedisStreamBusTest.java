package dev.syncio.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.syncio.emit.Sequenced;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamAddArgs;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ClusterBusContract} for the Redis stream bus, on a real redis-server, and what only a
 * cluster has: several nodes, one order, prefixes kept apart, publish-only mode, exactly one XADD
 * per broadcast, and an outage (redis-server stopped and started again) that the bus lives through.
 */
class RedisStreamBusTest extends ClusterBusContract {

    @RegisterExtension
    static final RedisPerClass redis = new RedisPerClass("bus-test-");

    @BeforeAll
    static void exactTrims() throws IOException {
        // one entry per macro node: the approximate trims (MAXLEN ~, MINID ~) become exact, so
        // the history tests can use limits of a few entries (Redis's default node holds 100)
        redis.server().command("CONFIG", "SET", "stream-node-max-entries", "1");
    }

    @Override
    ClusterBus newBus() {
        return new RedisStreamBus(redis.client(), redis.prefix());
    }

    @Override
    ClusterBus newBus(int maxEvents, Duration maxAge) {
        return new RedisStreamBus(redis.client(), redis.prefix(), maxEvents, maxAge);
    }

    @Override
    int compareOffsets(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byTime = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    @Test
    void twoNodesReceiveEveryBroadcastOfEitherInTheSameOrder() throws Exception {
        RedisStreamBus a = (RedisStreamBus) track(new RedisStreamBus(redis.client(), redis.prefix()));
        RedisStreamBus b = (RedisStreamBus) track(new RedisStreamBus(redis.server().newClient(), redis.prefix()));
        RecordingSink sinkA = started(a, "a");
        RecordingSink sinkB = started(b, "b");
        int each = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (RedisStreamBus bus : List.of(a, b)) {
            String node = bus == a ? "a" : "b";
            publishers.add(started(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    bus.publish(broadcast(node + ":" + i));
                }
            })));
        }
        go.countDown();
        for (Thread t : publishers) {
            t.join();
        }
        a.publish(broadcast("end-a"));
        b.publish(broadcast("end-b"));

        List<RecordingSink.Delivery> gotA = withoutReadyMarkers(sinkA, "end-a", "end-b");
        List<RecordingSink.Delivery> gotB = withoutReadyMarkers(sinkB, "end-a", "end-b");

        assertEquals(2 * each + 2, gotA.size(), "node a got every broadcast once: " + texts(gotA));
        assertEquals(texts(gotA), texts(gotB), "both nodes in one order");
        assertEquals(gotA.stream().map(RecordingSink.Delivery::offset).toList(),
                gotB.stream().map(RecordingSink.Delivery::offset).toList(), "with the same offsets");
        sinkA.assertNeverOverlapped();
        sinkB.assertNeverOverlapped();
    }

    @Test
    void readingStartsAfterTheNewestEntryAtStart() {
        RedisStreamBus early = (RedisStreamBus) track(RedisStreamBus.publisher(redis.client(), redis.prefix()));
        early.publish(broadcast("before-1"));
        early.publish(broadcast("before-2"));
        Eventually.until("two entries in the stream",
                () -> redis.client().getStream(new ClusterKeys(redis.prefix()).bus()).size() == 2);

        RedisStreamBus bus = (RedisStreamBus) track(newBus());
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        bus.publish(broadcast("after"));

        assertEquals(List.of("after"), texts(sink.awaitText("after")));
    }

    @Test
    void theSinkIsToldWhereReadingStartsAndWhichEntriesAreSkipped() throws Exception {
        String key = new ClusterKeys(redis.prefix()).bus();
        String before = redis.server().command("XADD", key, "*", "not-a-broadcast", "x");
        RedisStreamBus bus = (RedisStreamBus) track(newBus());
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        Eventually.until("the start passed", () -> !sink.passed().isEmpty());
        assertEquals(List.of(before), sink.passed(), "reading starts after the newest entry");

        String skipped = redis.server().command("XADD", key, "*", RedisStreamBus.FIELD, "garbage");
        bus.publish(broadcast("after"));
        List<RecordingSink.Delivery> got = sink.awaitText("after");

        assertEquals(List.of(before, skipped), sink.passed(), "the undecodable entry is passed, not delivered");
        assertTrue(compareOffsets(skipped, got.get(0).offset()) < 0);
        assertEquals(List.of("after"), texts(got));
        sink.assertNeverOverlapped();
    }

    @Test
    void onAnEmptyStreamReadingStartsAtZero() {
        RedisStreamBus bus = (RedisStreamBus) track(newBus());
        RecordingSink sink = new RecordingSink();
        bus.start(sink);

        Eventually.until("the start passed", () -> !sink.passed().isEmpty());
        assertEquals(List.of("0-0"), sink.passed());
    }

    @Test
    void sinceSkipsWhatThisNodeCannotReadAndAReplayIsNeverPartial() throws Exception {
        String key = new ClusterKeys(redis.prefix()).bus();
        RedisStreamBus bus = (RedisStreamBus) track(newBus(100, Duration.ofMinutes(5)));
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        bus.publish(broadcast("r1"));
        String first = sink.await(1).get(0).offset();
        redis.server().command("XADD", key, "*", RedisStreamBus.FIELD, "garbage");
        bus.publish(broadcast("r2"));
        sink.awaitText("r2");

        assertEquals(List.of("r2"), since(bus, first).orElseThrow().stream()
                .map(s -> s.broadcast().packet().text()).toList());
        redis.server().command("XDEL", key, first);
        assertEquals(Optional.empty(), since(bus, first), "the entry at the offset is gone: no replay");
    }

    @Test
    void sinceReplaysAnEntryAppendedTwiceOnce() throws Exception {
        RedisStreamBus bus = (RedisStreamBus) track(newBus(100, Duration.ofMinutes(5)));
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        bus.publish(broadcast("r1"));
        String first = sink.await(1).get(0).offset();
        // another node's XADD resent after its reply timed out: two entries, one origin
        RStream<String, byte[]> stream =
                redis.client().getStream(new ClusterKeys(redis.prefix()).bus(), RedisStreamBus.CODEC);
        byte[] origin = ByteBuffer.allocate(16).putLong(42).putLong(7).array();
        for (int i = 0; i < 2; i++) {
            stream.add(StreamAddArgs.entries(RedisStreamBus.FIELD, BroadcastCodec.encode(broadcast("twice")),
                    RedisStreamBus.ORIGIN, origin));
        }
        bus.publish(broadcast("r2"));
        sink.awaitText("r2");

        assertEquals(List.of("twice", "r2"), since(bus, first).orElseThrow().stream()
                .map(s -> s.broadcast().packet().text()).toList());
    }

    @Test
    void sinceReadsALongHistoryPageByPage() throws Exception {
        RedisStreamBus bus = (RedisStreamBus) track(newBus(5_000, Duration.ofMinutes(5)));
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        int count = 2 * StreamHistory.PAGE + 7;
        for (int i = 0; i < count; i++) {
            bus.publish(broadcast("r" + i));
        }
        List<RecordingSink.Delivery> got = sink.await(count);

        List<Sequenced> after = since(bus, got.get(0).offset()).orElseThrow();

        assertEquals(got.subList(1, count).stream().map(RecordingSink.Delivery::offset).toList(),
                after.stream().map(Sequenced::offset).toList());
    }

    @Test
    void sinceFailsWhenRedisCannotBeReached() throws Exception {
        try (LocalRedis own = LocalRedis.start()) {
            RedisStreamBus bus = new RedisStreamBus(own.newClient(), redis.prefix(), 100, Duration.ofMinutes(5));
            try {
                own.stop();
                ExecutionException failed = assertThrows(ExecutionException.class,
                        () -> bus.since("1-0").toCompletableFuture().get(30, TimeUnit.SECONDS));
                assertNotNull(failed.getCause());
            } finally {
                bus.close();
            }
        }
    }

    @Test
    void prefixesDoNotSeeEachOther() {
        RedisStreamBus one = (RedisStreamBus) track(new RedisStreamBus(redis.client(), redis.prefix() + "-one"));
        RedisStreamBus two = (RedisStreamBus) track(new RedisStreamBus(redis.client(), redis.prefix() + "-two"));
        RecordingSink sinkOne = started(one, "one");
        RecordingSink sinkTwo = started(two, "two");

        one.publish(broadcast("for-one"));
        two.publish(broadcast("for-two"));
        one.publish(broadcast("end"));
        two.publish(broadcast("end"));

        assertEquals(List.of("ready-one", "for-one", "end"), texts(sinkOne.awaitText("end")));
        assertEquals(List.of("ready-two", "for-two", "end"), texts(sinkTwo.awaitText("end")));
    }

    @Test
    void everyPublishIsExactlyOneXadd() throws Exception {
        try (LocalRedis own = LocalRedis.start()) {
            RedisStreamBus bus = new RedisStreamBus(own.newClient(), redis.prefix());
            try {
                RecordingSink sink = started(bus, "x");
                own.command("CONFIG", "RESETSTAT");
                int threads = 4;
                int each = 25;
                List<Thread> publishers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    publishers.add(started(new Thread(() -> {
                        for (int i = 0; i < each; i++) {
                            bus.publish(broadcast(thread + ":" + i));
                        }
                    })));
                }
                for (Thread t : publishers) {
                    t.join();
                }
                sink.await(1 + threads * each);

                assertEquals(threads * each, own.calls("xadd"), "one XADD per broadcast");
                assertEquals(0, own.calls("multi"), "pipelined, not in a transaction");
            } finally {
                bus.close();
            }
        }
    }

    @Test
    void publishOnlyModeAppendsAndNeverReads() throws Exception {
        try (LocalRedis own = LocalRedis.start()) {
            RedisStreamBus publisher = RedisStreamBus.publisher(own.newClient(), redis.prefix());
            try {
                RecordingSink sink = new RecordingSink();
                publisher.start(sink);
                own.command("CONFIG", "RESETSTAT");
                for (int i = 0; i < 20; i++) {
                    publisher.publish(broadcast("p" + i));
                }
                String key = new ClusterKeys(redis.prefix()).bus();
                Eventually.until("20 entries appended", () -> {
                    try {
                        return "20".equals(own.command("XLEN", key));
                    } catch (IOException e) {
                        return false;
                    }
                });

                assertEquals(20, own.calls("xadd"));
                assertEquals(0, own.calls("xread"), "a publisher never reads the stream");
                assertEquals(0, own.calls("xrevrange"));
                assertTrue(sink.deliveries().isEmpty(), "nothing delivered: " + sink.texts());
                assertTrue(publisher.connected());
            } finally {
                publisher.close();
            }
        }
    }

    @Test
    void anOutageDeliversLocallyAndCrossNodeDeliveryResumesAfterRestart() throws Exception {
        Logger busLog = (Logger) LoggerFactory.getLogger(RedisStreamBus.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        busLog.addAppender(logged);
        try (LocalRedis own = LocalRedis.start()) {
            RedisStreamBus a = new RedisStreamBus(own.newClient(), redis.prefix());
            RedisStreamBus b = new RedisStreamBus(own.newClient(), redis.prefix());
            try {
                RecordingSink sinkA = started(a, "a");
                RecordingSink sinkB = started(b, "b");
                a.publish(broadcast("before"));
                sinkB.awaitText("before");

                own.stop();
                for (int i = 1; i <= 3; i++) {
                    a.publish(broadcast("during-" + i));
                }
                List<RecordingSink.Delivery> local = sinkA.awaitText("during-3");
                for (RecordingSink.Delivery d : local.subList(local.size() - 3, local.size())) {
                    assertTrue(d.text().startsWith("during-"), "during the outage, in order: " + texts(local));
                    assertNull(d.offset(), "delivered locally, not ordered by the stream");
                }
                assertFalse(a.connected());
                Eventually.until("node b notices the outage", () -> !b.connected());

                own.restart();
                Eventually.until("both nodes reach Redis again", () -> a.connected() && b.connected());
                a.publish(broadcast("after-a"));
                b.publish(broadcast("after-b"));

                assertNotNull(once(sinkB.awaitText("after-a"), "after-a").offset(), "node a's broadcast reached node b");
                assertNotNull(once(sinkA.awaitText("after-b"), "after-b").offset(), "node b's broadcast reached node a");
                once(sinkA.awaitText("after-a"), "after-a");
                once(sinkB.awaitText("after-b"), "after-b");
                assertTrue(sinkB.texts().stream().noneMatch(t -> t.startsWith("during-")),
                        "node b never got what node a delivered locally: " + sinkB.texts());
            } finally {
                a.close();
                b.close();
            }
            long outages = logged.list.stream()
                    .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("Redis unreachable")).count();
            long recoveries = logged.list.stream()
                    .filter(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().contains("reachable again")).count();
            assertTrue(outages >= 1 && outages <= 2, "the outage logged once per bus, not per broadcast: " + outages);
            assertTrue(recoveries >= 1 && recoveries <= 2, "the recovery logged once per bus: " + recoveries);
        } finally {
            busLog.detachAppender(logged);
        }
    }

    @Test
    void anAppendWhoseReplyTimedOutButThatRedisAppliedIsDeliveredOnce() throws Exception {
        try (LocalRedis own = LocalRedis.start()) {
            RedisStreamBus a = new RedisStreamBus(own.newClient(Duration.ofSeconds(1)), redis.prefix());
            RedisStreamBus b = new RedisStreamBus(own.newClient(), redis.prefix());
            try {
                RecordingSink sinkA = started(a, "a");
                RecordingSink sinkB = started(b, "b");
                // writes wait 2.5 s: node a's XADD times out after 1 s, then Redis applies it
                own.command("CLIENT", "PAUSE", "2500", "WRITE");
                a.publish(broadcast("slow"));

                assertNull(once(sinkA.awaitText("slow"), "slow").offset(), "delivered locally when its XADD failed");
                assertNotNull(once(sinkB.awaitText("slow"), "slow").offset(), "yet it was appended: node b reads it");
                Eventually.until("node a reaches Redis again", a::connected);
                a.publish(broadcast("after"));
                sinkA.awaitText("after");
                once(sinkA.deliveries(), "slow"); // read back before "after", and skipped
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** Starts the bus and waits until it reads its own broadcast: it is then reading the stream. */
    private static RecordingSink started(RedisStreamBus bus, String name) {
        RecordingSink sink = new RecordingSink();
        bus.start(sink);
        bus.publish(broadcast("ready-" + name));
        sink.awaitText("ready-" + name);
        return sink;
    }

    private static Thread started(Thread thread) {
        thread.start();
        return thread;
    }

    /** What {@code sink} got once both ends are there, without the "ready-" broadcasts of either node. */
    private static List<RecordingSink.Delivery> withoutReadyMarkers(RecordingSink sink, String end, String otherEnd) {
        sink.awaitText(end);
        return sink.awaitText(otherEnd).stream().filter(d -> !d.text().startsWith("ready-")).toList();
    }

    /** The one delivery of {@code text}; fails if there are two. */
    private static RecordingSink.Delivery once(List<RecordingSink.Delivery> deliveries, String text) {
        RecordingSink.Delivery found = null;
        for (RecordingSink.Delivery d : deliveries) {
            if (d.text().equals(text)) {
                assertNull(found, text + " delivered twice");
                found = d;
            }
        }
        return found;
    }

    private static List<String> texts(List<RecordingSink.Delivery> deliveries) {
        return deliveries.stream().map(RecordingSink.Delivery::text).toList();
    }
}
