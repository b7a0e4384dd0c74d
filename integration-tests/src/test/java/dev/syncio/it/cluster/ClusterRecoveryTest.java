package dev.syncio.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.emit.Offsets;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.ProcessOutput;
import dev.syncio.it.support.RawSioClient;
import dev.syncio.it.support.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Connection state recovery across nodes with a real redis-server: a client recovers on another
 * node than the one it lost, also when that node was killed with SIGKILL, and while two nodes keep
 * emitting into its conversation it gets every event exactly once, in the stream's order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRecoveryTest {

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

    private RedisServer redis;

    @BeforeAll
    void startRedis() throws java.io.IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static void tick(SyncServer node, String source, int seq) {
        node.emitter().toConversation("c1").emit("tick", Map.of("id", source + "-" + seq, "source", source, "seq", seq));
    }

    /** Reads ticks until {@code count} arrived; asserts the offsets only grow (the stream's order). */
    private static List<RawSioClient.Event> ticks(RawSioClient client, int count, String after) {
        List<RawSioClient.Event> got = new ArrayList<>();
        String[] last = {after};
        client.readEvents("tick", event -> {
            assertTrue(event.offset() != null && Offsets.compare(event.offset(), last[0]) > 0,
                    "offset " + event.offset() + " after " + last[0]);
            last[0] = event.offset();
            got.add(event);
            return got.size() == count;
        });
        return got;
    }

    @Test
    void aClientRecoversOnAnotherNodeEverythingBothNodesEmittedWhileItWasAway() {
        try (ClusterNodes cluster = ClusterNodes.start(redis, 2, b -> { })) {
            SyncServer first = cluster.node(0).server();
            SyncServer second = cluster.node(1).server();
            String token = ChatServer.token("alice");
            String pid;
            String sid;
            String offset;
            try (RawSioClient alice = RawSioClient.connect(first.port(), Map.of("token", token))) {
                alice.join("c1");
                tick(second, "before", 0);
                offset = alice.nextEvent("tick").offset();
                pid = alice.reply().pid();
                sid = alice.reply().sid();
            }
            Awaitility.await("the first node saw the drop").atMost(RawSioClient.WAIT)
                    .until(() -> first.stats().connectedSockets() == 0);
            for (int seq = 0; seq < 100; seq++) {
                tick(first, "first", seq);
                tick(second, "second", seq);
            }
            try (RawSioClient again = RawSioClient.connect(second.port(), Map.of("token", token, "pid", pid, "offset", offset))) {
                assertEquals(sid, again.reply().sid(), "recovered on the other node: the same socket id");
                assertEquals(pid, again.reply().pid());
                List<RawSioClient.Event> missed = ticks(again, 200, offset);
                assertEachSourceInOrderOnce(missed, Map.of("first", 100, "second", 100));
                tick(first, "after", 0);
                assertEquals("after", again.nextEvent("tick").payload().get("source").asText(), "then live events");
            }
            // counted once the socket joined its rooms, which may be just after its first events went out
            Awaitility.await("the recovery counted").atMost(RawSioClient.WAIT)
                    .until(() -> second.stats().recoveredSessions() == 1);
        }
    }

    @Test
    void aClientWhoseNodeWasKilledRecoversOnTheSurvivor() throws Exception {
        String prefix = "recovery-crash-" + UUID.randomUUID();
        ChatServer survivor = ChatServer.start(b -> b.redis(redis.url()).clusterPrefix(prefix).nodeTimeout(NODE_TIMEOUT));
        Process doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClusterNodeProcess.class.getName(),
                redis.url(), prefix, String.valueOf(NODE_TIMEOUT.toMillis()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            int doomedPort = ProcessOutput.awaitNumber(doomed, Pattern.compile("^PORT (\\d+)"), 60);
            String token = ChatServer.token("alice");
            RawSioClient alice = RawSioClient.connect(doomedPort, Map.of("token", token));
            alice.join("c1");
            tick(survivor.server(), "before", 0);
            String offset = alice.nextEvent("tick").offset();

            doomed.destroyForcibly(); // SIGKILL: the session was never saved as disconnected
            assertTrue(doomed.waitFor(10, TimeUnit.SECONDS), "the node process ended");
            alice.close();
            for (int seq = 0; seq < 200; seq++) {
                tick(survivor.server(), "away", seq);
            }
            try (RawSioClient again = RawSioClient.connect(survivor.server().port(), Map.of("token", token, "pid", alice.reply().pid(), "offset", offset))) {
                assertEquals(alice.reply().sid(), again.reply().sid(), "recovered on the survivor: the same socket id");
                assertEachSourceInOrderOnce(ticks(again, 200, offset), Map.of("away", 200));
            }
        } finally {
            doomed.destroyForcibly();
            survivor.close();
        }
    }

    @Test
    void twoNodesEmittingWithoutPauseWhileTheClientMovesLeaveNoGapAndNoDuplicate() throws Exception {
        try (ClusterNodes cluster = ClusterNodes.start(redis, 2, b -> { })) {
            AtomicBoolean emitting = new AtomicBoolean(true);
            Map<String, AtomicInteger> emitted = Map.of("first", new AtomicInteger(), "second", new AtomicInteger());
            List<CompletableFuture<Void>> emitters = new ArrayList<>();
            String token = ChatServer.token("alice");
            List<RawSioClient.Event> got = new ArrayList<>();
            try (RawSioClient alice = RawSioClient.connect(cluster.node(0).server().port(), Map.of("token", token))) {
                alice.join("c1");
                for (int i = 0; i < 2; i++) {
                    SyncServer node = cluster.node(i).server();
                    String source = i == 0 ? "first" : "second";
                    emitters.add(CompletableFuture.runAsync(() -> {
                        while (emitting.get()) {
                            tick(node, source, emitted.get(source).getAndIncrement());
                            LockSupport.parkNanos(300_000); // the load's pace, not synchronisation
                        }
                    }));
                }
                got.addAll(ticks(alice, 300, "0-0"));
                String pid = alice.reply().pid();
                String offset = got.get(got.size() - 1).offset();
                alice.close();
                try (RawSioClient again = RawSioClient.connect(cluster.node(1).server().port(), Map.of("token", token, "pid", pid, "offset", offset))) {
                    assertEquals(alice.reply().sid(), again.reply().sid());
                    got.addAll(ticks(again, 1_500, offset));
                    emitting.set(false);
                    CompletableFuture.allOf(emitters.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
                    // the rest: until the last tick of each source arrived
                    Map<String, Integer> last = new HashMap<>();
                    got.forEach(e -> last.merge(source(e), seq(e), Math::max));
                    again.readEvents("tick", e -> {
                        got.add(e);
                        last.merge(source(e), seq(e), Math::max);
                        return last.getOrDefault("first", -1) == emitted.get("first").get() - 1
                                && last.getOrDefault("second", -1) == emitted.get("second").get() - 1;
                    });
                }
            } finally {
                emitting.set(false);
            }
            // every tick from the first one each source delivered, once, in each source's order
            Map<String, Integer> next = new HashMap<>();
            for (RawSioClient.Event e : got) {
                int expected = next.computeIfAbsent(source(e), s -> seq(e));
                assertEquals(expected, seq(e), "a gap or a duplicate from " + source(e) + " among " + got.size());
                next.put(source(e), expected + 1);
            }
            assertEquals(emitted.get("first").get(), next.get("first"));
            assertEquals(emitted.get("second").get(), next.get("second"));
        }
    }

    private static String source(RawSioClient.Event e) {
        return e.payload().get("source").asText();
    }

    private static int seq(RawSioClient.Event e) {
        return e.payload().get("seq").asInt();
    }

    /** Each source's ticks 0..n-1 exactly once and in order (sources interleave in the stream's order). */
    private static void assertEachSourceInOrderOnce(List<RawSioClient.Event> events, Map<String, Integer> counts) {
        Map<String, Integer> next = new HashMap<>();
        for (RawSioClient.Event e : events) {
            int expected = next.getOrDefault(source(e), 0);
            assertEquals(expected, seq(e), "from " + source(e));
            next.put(source(e), expected + 1);
        }
        assertEquals(counts, next);
    }
}
