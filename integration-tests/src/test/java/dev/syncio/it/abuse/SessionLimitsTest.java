package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.syncio.RateLimit;
import dev.syncio.SyncServer;
import dev.syncio.it.support.AuthServer;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.RawWebSocket;
import dev.syncio.it.support.Tokens;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, the Socket.IO session layer: what a client may make a session hold or do before any
 * namespace or auth check, done the way the security review did it, on a raw WebSocket.
 * Attachments only for a connected namespace, capped in count and in total bytes
 * ({@code maxPayloadBytes}); the connect timeout stands after a refused CONNECT; refused CONNECTs
 * close the session after a few, and are not logged at INFO; namespaces per session and events
 * queued per socket are bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionLimitsTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    private static final int MAX_PAYLOAD = 64 * 1024;
    private static final int MAX_QUEUED = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private SyncServer server;
    private final AtomicInteger counted = new AtomicInteger();
    private volatile CountDownLatch blocking = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    void startServer() {
        server = SyncServer.builder().port(0).host("127.0.0.1")
                .auth(AuthServer.verifier(AuthServer.Kind.HS256).build())
                .connectTimeout(CONNECT_TIMEOUT)
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofSeconds(20))
                .maxPayloadBytes(MAX_PAYLOAD)
                .maxNamespacesPerSession(2)
                .maxQueuedEventsPerSocket(MAX_QUEUED)
                .rateLimit(new RateLimit(10_000, 10_000))
                .build();
        server.namespace("/a");
        server.namespace("/b");
        server.on("up", e -> e.ack(((byte[]) e.args().get(0)).length));
        server.on("block", e -> {
            blocking.countDown();
            try {
                release.await(AWAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        server.on("count", e -> counted.incrementAndGet());
        server.on("done", e -> e.ack("done"));
        server.start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void nothingLoggedAboveDebug() {
        WATCH.assertNoWarnOrError();
    }

    private RawWebSocket open() {
        RawWebSocket ws = RawWebSocket.open(server.port(), "EIO=4&transport=websocket");
        String open = ws.nextText(AWAIT);
        assertTrue(open.startsWith("0{"), open);
        return ws;
    }

    private static String auth(String token) {
        return "{\"token\":\"" + token + "\"}";
    }

    /** Connects {@code namespace} ("" for the main one) with a good token; returns the answer. */
    private static String connect(RawWebSocket ws, String namespace) {
        ws.sendText("40" + (namespace.isEmpty() ? "" : namespace + ",") + auth(Tokens.hs256("mallory")));
        return ws.nextTextAnsweringPings(AWAIT);
    }

    private long refusals(String code) {
        return server.stats().limitRefusals(code);
    }

    /** Reads, answering Engine.IO pings, until the server closes; false when still open after {@code timeout}. */
    private static boolean closedAnsweringPings(RawWebSocket ws, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                ws.readTextsUntil(timeout, text -> System.nanoTime() >= deadline);
            }
            return false;
        } catch (RawWebSocket.ClosedException closed) {
            return true;
        }
    }

    @Test
    void attachmentsAfterARefusedConnectCloseTheSessionBeforeAnyIsBuffered() {
        long before = refusals("attachments_not_connected");
        try (RawWebSocket ws = open()) {
            ws.sendText("40" + auth("bad"));
            String refused = ws.nextTextAnsweringPings(AWAIT);
            assertTrue(refused.startsWith("44{"), refused);
            ws.sendText("451-[\"up\",{\"_placeholder\":true,\"num\":0}]");
            assertTrue(ws.awaitClosedByServer(AWAIT), "a binary packet for an unconnected namespace was accepted");
        }
        assertTrue(refusals("attachments_not_connected") > before);
    }

    @Test
    void attachmentsForAnotherNamespaceThanTheConnectedOneCloseTheSession() {
        try (RawWebSocket ws = open()) {
            assertTrue(connect(ws, "").startsWith("40{"));
            ws.sendText("451-/a,[\"up\",{\"_placeholder\":true,\"num\":0}]");
            assertTrue(ws.awaitClosedByServer(AWAIT), "a binary packet for an unconnected namespace was accepted");
        }
    }

    @Test
    void attachmentsWithinTheLimitsArrive() {
        try (RawWebSocket ws = open()) {
            assertTrue(connect(ws, "").startsWith("40{"));
            ws.sendText("451-7[\"up\",{\"_placeholder\":true,\"num\":0}]");
            ws.connection().write(RawWebSocket.frame(RawWebSocket.BINARY, new byte[MAX_PAYLOAD / 2]));
            assertEquals("437[" + MAX_PAYLOAD / 2 + "]", ws.nextTextAnsweringPings(AWAIT));
        }
    }

    @Test
    void moreAttachmentsThanTheLimitCloseTheSession() {
        long before = refusals("attachments");
        try (RawWebSocket ws = open()) {
            assertTrue(connect(ws, "").startsWith("40{"));
            ws.sendText("4511-[\"up\",{\"_placeholder\":true,\"num\":0}]");
            assertTrue(ws.awaitClosedByServer(AWAIT), "11 attachments were accepted (limit 10)");
        }
        assertTrue(refusals("attachments") > before);
    }

    @Test
    void attachmentsOverMaxPayloadTogetherCloseTheSession() {
        long before = refusals("attachment_bytes");
        try (RawWebSocket ws = open()) {
            assertTrue(connect(ws, "").startsWith("40{"));
            ws.sendText("453-[\"up\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},"
                    + "{\"_placeholder\":true,\"num\":2}]");
            byte[] frame = RawWebSocket.frame(RawWebSocket.BINARY, new byte[MAX_PAYLOAD * 3 / 4]);
            ws.connection().tryWrite(frame);
            ws.connection().tryWrite(frame);
            ws.connection().tryWrite(frame);
            assertTrue(ws.awaitClosedByServer(AWAIT), "attachments of 1.5 maxPayload in one packet were accepted");
        }
        assertTrue(refusals("attachment_bytes") > before);
    }

    @Test
    void theConnectTimeoutStandsAfterARefusedConnect() {
        try (RawWebSocket ws = open()) {
            ws.sendText("40" + auth("bad"));
            assertTrue(ws.nextTextAnsweringPings(AWAIT).startsWith("44{"));
            // the client answers every ping: only the connect timeout can end the session
            assertTrue(closedAnsweringPings(ws, AWAIT),
                    "a session whose only CONNECT was refused lived on past the connect timeout");
        }
    }

    @Test
    void repeatedRefusedConnectsCloseTheSessionWithoutInfoLines() {
        long before = refusals("refused_connects");
        long rateLimitedBefore = server.stats().rateLimitDisconnects();
        WATCH.clear();
        try (RawWebSocket ws = open()) {
            for (int i = 0; i < 2000 && ws.trySendText("40" + auth("bad-" + i)); i++) {
                // the attacker does not wait for answers
            }
            assertTrue(ws.awaitClosedByServer(AWAIT), "2,000 refused CONNECTs did not close the session");
        }
        // two limits race for this flood: maxRefusedConnects (after 5 verified refusals) and the
        // CONNECT rate limit (bursts of 10, then more than 100 refused within 10 s); either closes it
        assertTrue(refusals("refused_connects") > before || server.stats().rateLimitDisconnects() > rateLimitedBefore,
                "the session was closed by a counted limit");
        long infoLines = WATCH.events(e -> e.getLoggerName().startsWith("dev.syncio")
                && e.getLevel().isGreaterOrEqual(Level.INFO)
                && e.getFormattedMessage().contains("refused")).size();
        assertTrue(infoLines <= 1, "refused CONNECTs logged " + infoLines + " lines at INFO or above");
    }

    @Test
    void namespacesPerSessionAreLimited() {
        long before = refusals("namespaces");
        try (RawWebSocket ws = open()) {
            assertTrue(connect(ws, "").startsWith("40{"));
            assertTrue(connect(ws, "/a").startsWith("40/a,{"));
            String third = connect(ws, "/b");
            assertEquals("44/b,{\"message\":\"too many namespaces\"}", third);
        }
        assertTrue(refusals("namespaces") > before);
    }

    @Test
    void eventsPastTheQueueBoundAreDroppedAndTheConnectionStays() throws Exception {
        long before = refusals("event_queue");
        counted.set(0);
        blocking = new CountDownLatch(1);
        release = new CountDownLatch(1);
        try (RawWebSocket ws = open()) {
            assertTrue(connect(ws, "").startsWith("40{"));
            ws.sendText("42[\"block\"]");
            assertTrue(blocking.await(AWAIT.toSeconds(), TimeUnit.SECONDS), "the blocking handler did not run");
            for (int i = 0; i < 50; i++) {
                ws.sendText("42[\"count\"]");
            }
            Awaitility.await("dropped events counted").atMost(AWAIT)
                    .until(() -> refusals("event_queue") - before >= 50 - MAX_QUEUED);
            release.countDown();
            // the marker only once the queue has drained: sent earlier, it would find the queue
            // still full and be dropped like the others (and its ack never come)
            Awaitility.await("the queued events handled").atMost(AWAIT).until(() -> counted.get() >= MAX_QUEUED);
            ws.sendText("421[\"done\"]");
            assertEquals("431[\"done\"]", ws.nextTextAnsweringPings(AWAIT));
            assertEquals(MAX_QUEUED, counted.get(), "events handled of 50 sent while " + MAX_QUEUED + " may wait");
            assertEquals(50 - MAX_QUEUED, refusals("event_queue") - before);
        } finally {
            release.countDown();
        }
    }
}
