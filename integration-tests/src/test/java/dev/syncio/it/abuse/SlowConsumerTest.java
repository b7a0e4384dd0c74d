package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static dev.syncio.it.abuse.EngineHttp.awaitAtMost;
import static dev.syncio.it.abuse.EngineHttp.awaitOpenSessionsAtMost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.RawWebSocket;
import dev.syncio.it.support.TcpConnections;
import dev.syncio.it.support.LocalServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The slow reader (issue) and bounded buffers: a raw WebSocket client that stops reading while its
 * room receives 20,000 messages of ~1 KB is disconnected with reason {@code slow consumer}; the
 * bytes the server queues stay bounded (sampled throughout, not timed); a fast member of the same
 * room is not slowed and receives every message, in order.
 *
 * <p>maxBufferedBytes 64 KiB, slowConsumerGrace 500 ms; the heartbeat (30 s + 30 s) is longer than
 * the test so that only the buffer limit can end the slow session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowConsumerTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch().debug("dev.syncio");

    private static final int MAX_BUFFERED = 64 * 1024;
    private static final int MESSAGES = 20_000;
    private static final String PAYLOAD = "x".repeat(1000);
    /** Messages the emitting thread may be ahead of the fast member: a member that keeps up. */
    private static final int WINDOW = 32;
    /**
     * The most the server may queue at any moment: the slow session is closed at once when it
     * reaches twice the limit (2 x 64 KiB, one slow client), plus a 128 KiB margin for the fast
     * member's in-flight window (32 frames of ~1 KB) and the messages the emitting thread may add
     * between the slow session reaching twice the limit and its close taking effect on its event
     * loop: 256 KiB in all. The kernel's socket buffers are not counted (bytes handed to the socket
     * are written). A server that does not bound the slow session queues the whole flood, ~20 MB.
     */
    private static final long BOUND = 2L * MAX_BUFFERED * 1 + 128 * 1024;

    private SyncServer server;
    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    @BeforeAll
    void startServer() {
        server = LocalServer.anonymous()
                .pingInterval(Duration.ofSeconds(30))
                .pingTimeout(Duration.ofSeconds(30))
                .maxBufferedBytes(MAX_BUFFERED)
                .slowConsumerGrace(Duration.ofMillis(500))
                .build();
        server.onDisconnect((socket, reason) -> reasons.put(socket.id(), reason));
        server.start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Parses the index of {@code 42["flood",<i>,"..."]}; -1 for any other packet. */
    private static int floodIndex(String packet) {
        String prefix = "42[\"flood\",";
        if (!packet.startsWith(prefix)) {
            return -1;
        }
        return Integer.parseInt(packet.substring(prefix.length(), packet.indexOf(',', prefix.length())));
    }

    @Test
    void clientThatStopsReadingIsDisconnectedAsSlowConsumerWhileAFastMemberGetsEveryMessage() throws Exception {
        long baseline = server.stats().openSessions();
        long slowClosesBefore = server.stats().slowConsumerDisconnects();

        RawWebSocket fast = RawWebSocket.open(server.port(), "EIO=4&transport=websocket");
        RawWebSocket slow = RawWebSocket.open(server.port(), "EIO=4&transport=websocket", 4096);
        try {
            assertTrue(fast.nextText(AWAIT).startsWith("0{"));
            String fastId = fast.connectNamespace(AWAIT);
            assertTrue(slow.nextText(AWAIT).startsWith("0{"));
            String slowId = slow.connectNamespace(AWAIT);
            // toAll() reaches the sockets connected by the time they are listed: wait for both
            Awaitility.await().atMost(AWAIT).until(() -> server.stats().connectedSockets() >= 2);

            // the fast member reads continuously on its own thread
            Semaphore window = new Semaphore(WINDOW);
            AtomicInteger received = new AtomicInteger();
            AtomicReference<Throwable> fastFailure = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    fast.readTextsUntil(AWAIT, packet -> {
                        int index = floodIndex(packet);
                        if (index < 0) {
                            return false;
                        }
                        if (index != received.get()) {
                            throw new AssertionError("fast member got message " + index + ", expected " + received.get());
                        }
                        received.incrementAndGet();
                        window.release();
                        return index == MESSAGES - 1;
                    });
                } catch (Throwable t) {
                    fastFailure.set(t);
                    window.release(WINDOW); // unblock the emitter so the test fails fast
                }
            }, "fast-member");
            reader.setDaemon(true);
            reader.start();

            // the room (every socket) receives the flood; the slow client reads nothing from now on
            AtomicLong maxBuffered = new AtomicLong();
            for (int i = 0; i < MESSAGES; i++) {
                if (!window.tryAcquire(AWAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("the fast member stalled at message " + received.get() + " of " + MESSAGES);
                }
                if (fastFailure.get() != null) {
                    throw new AssertionError("the fast member failed", fastFailure.get());
                }
                server.emitter().toAll().emit("flood", i, PAYLOAD);
                maxBuffered.accumulateAndGet(server.stats().bufferedBytes(), Math::max);
            }
            reader.join(AWAIT.toMillis());
            assertNull(fastFailure.get(), () -> "the fast member failed: " + fastFailure.get());
            assertEquals(MESSAGES, received.get(), "the fast member must receive every message");

            Awaitility.await("the slow client's disconnect").atMost(AWAIT).until(() -> reasons.containsKey(slowId));
            assertEquals("slow consumer", reasons.get(slowId));
            assertTrue(!reasons.containsKey(fastId), () -> "the fast member was disconnected: " + reasons.get(fastId));
            assertTrue(server.stats().slowConsumerDisconnects() >= slowClosesBefore + 1, "slowConsumerDisconnects");
            assertTrue(maxBuffered.get() <= BOUND,
                    () -> "the server queued up to " + maxBuffered.get() + " bytes, bound " + BOUND);
            Awaitility.await("a log line about the slow consumer").atMost(AWAIT).until(() -> WATCH.logged("slow consumer"));

            // the slow client's TCP connection is closed by the server without the client reading
            if (TcpConnections.available()) {
                Awaitility.await("the server closes its end of the slow connection")
                        .atMost(AWAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> !TcpConnections.serverSideEstablished(server.port(), slow.localPort()));
            }
            assertTrue(slow.connection().awaitClosedByServer(AWAIT), "the slow client's connection was not closed");
            awaitAtMost("bufferedBytes", () -> server.stats().bufferedBytes(), 0);
            assertEquals(baseline + 1, server.stats().openSessions(), "only the fast member's session is left");
        } finally {
            fast.close();
            slow.close();
        }
        awaitOpenSessionsAtMost(server, baseline);
    }
}
