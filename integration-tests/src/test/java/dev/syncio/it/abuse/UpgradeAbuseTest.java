package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static dev.syncio.it.abuse.EngineHttp.awaitOpenSessionsAtMost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.RawConnection;
import dev.syncio.it.support.RawWebSocket;
import dev.syncio.it.support.LocalServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Security review, points 5, 6 and 7: only RFC 6455 upgrades, one upgrade per session, and
 * {@code 2probe} only once during a pending upgrade. The server has the default heartbeat (25 s +
 * 20 s) so no ping or timeout interferes, and a 1 s connectTimeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpgradeAbuseTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    /** What a session that closes at the first out-of-place probe may have queued, at most. */
    private static final long SMALL = 64 * 1024;

    private SyncServer server;

    @BeforeAll
    void startServer() {
        server = LocalServer.anonymous()
                .connectTimeout(Duration.ofSeconds(1))
                .build()
                .start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private int port() {
        return server.port();
    }

    /** "none" leaves {@code Sec-WebSocket-Version} out (what a Hixie-76 client sends). */
    @ParameterizedTest
    @ValueSource(strings = {"none", "99", "8", "7", "0"})
    void upgradeThatIsNotRfc6455IsRefusedClosedAndLeavesNoSession(String version) {
        long baseline = server.stats().openSessions();
        try (RawConnection connection = RawConnection.open(port())) {
            RawConnection.Response response = connection.exchange("GET", "/socket.io/?EIO=4&transport=websocket",
                    RawWebSocket.upgradeHeaders(RawWebSocket.newKey(), version.equals("none") ? null : version), null);
            assertNotEquals(101, response.status(), () -> "a version " + version + " upgrade was accepted: " + response);
            assertTrue(response.status() == 400 || response.status() == 426, response::toString);
            if (response.status() == 426) {
                assertEquals("13", response.header("Sec-WebSocket-Version").orElse(""), response::toString);
            }
            assertTrue(connection.awaitClosedByServer(AWAIT), "the refused upgrade's connection stayed open");
        }
        awaitOpenSessionsAtMost(server, baseline);
        WATCH.assertNoWarnOrError();
    }

    @Test
    void upgradeOfAnExistingSessionWithAnUnsupportedVersionIsRefusedAndClosed() {
        long baseline = server.stats().openSessions();
        String sid = EngineHttp.handshake(port());
        try (RawConnection connection = RawConnection.open(port())) {
            RawConnection.Response response = connection.exchange("GET", "/socket.io/?EIO=4&transport=websocket&sid=" + sid,
                    RawWebSocket.upgradeHeaders(RawWebSocket.newKey(), "99"), null);
            assertTrue(response.status() == 400 || response.status() == 426, response::toString);
            assertTrue(connection.awaitClosedByServer(AWAIT), "the refused upgrade's connection stayed open");
        }
        awaitOpenSessionsAtMost(server, baseline); // the never-connected session ends by connectTimeout
        WATCH.assertNoWarnOrError();
    }

    /** Opens the WebSocket of polling session {@code sid} and probes it once: {@code 3probe}. */
    private RawWebSocket probed(String sid) {
        RawWebSocket ws = RawWebSocket.open(port(), "EIO=4&transport=websocket&sid=" + sid);
        ws.sendText("2probe");
        assertEquals("3probe", ws.nextText(AWAIT));
        return ws;
    }

    @Test
    void secondProbeDuringAnUpgradeClosesTheSession() {
        long baseline = server.stats().openSessions();
        String sid = EngineHttp.handshake(port());
        try (RawWebSocket ws = probed(sid)) {
            ws.sendText("2probe");
            assertTrue(ws.awaitClosedByServer(AWAIT), "a second probe was accepted");
        }
        awaitOpenSessionsAtMost(server, baseline);
        assertEquals(400, EngineHttp.poll(port(), sid).status(), "the session is gone");
    }

    @Test
    void probeAfterTheUpgradeClosesTheSession() {
        long baseline = server.stats().openSessions();
        String sid = EngineHttp.handshake(port());
        try (RawWebSocket ws = probed(sid)) {
            assertEquals("6", EngineHttp.poll(port(), sid).text());
            ws.sendText("5");
            ws.connectNamespace(AWAIT); // the upgrade is complete: the WebSocket carries the session
            ws.sendText("2probe");
            assertTrue(ws.awaitClosedByServer(AWAIT), "a probe after the upgrade was accepted");
        }
        awaitOpenSessionsAtMost(server, baseline);
    }

    /**
     * The attacker's loop: probes, thousands of them, on a session that began on WebSocket. The
     * first one closes the session; nothing is queued meanwhile.
     */
    @Test
    void probesOnASessionThatBeganOnWebSocketCloseItAndQueueNothing() {
        long baseline = server.stats().openSessions();
        AtomicLong maxBuffered = new AtomicLong();
        try (RawWebSocket ws = RawWebSocket.open(port(), "EIO=4&transport=websocket")) {
            assertTrue(ws.nextText(AWAIT).startsWith("0{"));
            ws.connectNamespace(AWAIT);
            for (int i = 0; i < 20_000 && ws.trySendText("2probe"); i++) {
                if (i % 100 == 0) {
                    maxBuffered.accumulateAndGet(server.stats().bufferedBytes(), Math::max);
                }
            }
            assertTrue(ws.awaitClosedByServer(AWAIT), "probes on a WebSocket session were accepted");
        }
        awaitOpenSessionsAtMost(server, baseline);
        assertTrue(maxBuffered.get() <= SMALL, () -> "probes queued " + maxBuffered.get() + " bytes");
        EngineHttp.awaitAtMost("bufferedBytes", () -> server.stats().bufferedBytes(), 0);
    }

    /** Outcome of one of two racing upgrades. */
    private enum Outcome { REFUSED, CLOSED, PROBED }

    /** What one racing upgrade got, and its WebSocket if the handshake was accepted. */
    private record Race(Outcome outcome, RawWebSocket ws) {
    }

    private Race raceUpgrade(String sid, CyclicBarrier start) {
        RawConnection connection = RawConnection.open(port());
        RawWebSocket ws = null;
        try {
            start.await(AWAIT.toSeconds(), TimeUnit.SECONDS);
            ws = RawWebSocket.tryUpgrade(connection, "EIO=4&transport=websocket&sid=" + sid);
            if (ws == null) {
                connection.close();
                return new Race(Outcome.REFUSED, null);
            }
            if (!ws.trySendText("2probe")) {
                return new Race(Outcome.CLOSED, ws);
            }
            String answer = ws.nextText(AWAIT);
            assertEquals("3probe", answer);
            return new Race(Outcome.PROBED, ws);
        } catch (RawWebSocket.ClosedException closed) {
            return new Race(Outcome.CLOSED, ws);
        } catch (Exception e) {
            connection.close();
            throw new AssertionError(e);
        }
    }

    /** The race is repeated on fresh sessions: a guard that is not atomic lets both through now and then. */
    @org.junit.jupiter.api.RepeatedTest(10)
    void ofTwoConcurrentUpgradesOfOneSessionOnlyOneCompletes() throws Exception {
        long baseline = server.stats().openSessions();
        String sid = EngineHttp.handshake(port());
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Race> first = CompletableFuture.supplyAsync(() -> raceUpgrade(sid, start));
        CompletableFuture<Race> second = CompletableFuture.supplyAsync(() -> raceUpgrade(sid, start));
        List<Race> races = List.of(first.get(AWAIT.toSeconds(), TimeUnit.SECONDS),
                second.get(AWAIT.toSeconds(), TimeUnit.SECONDS));
        try {
            List<Outcome> outcomes = races.stream().map(Race::outcome).toList();
            assertEquals(1, outcomes.stream().filter(o -> o == Outcome.PROBED).count(),
                    () -> "exactly one upgrade may proceed; outcomes " + outcomes);
            RawWebSocket winner = races.stream().filter(r -> r.outcome() == Outcome.PROBED).findFirst().orElseThrow().ws();
            for (Race race : races) {
                if (race.ws() != null && race.ws() != winner) {
                    assertTrue(race.ws().awaitClosedByServer(AWAIT), "the losing WebSocket stayed open");
                }
            }
            // the winner completes the upgrade and the session works
            assertEquals("6", EngineHttp.poll(port(), sid).text());
            winner.sendText("5");
            winner.connectNamespace(AWAIT);
            assertEquals(baseline + 1, server.stats().openSessions());
        } finally {
            races.stream().filter(r -> r.ws() != null).forEach(r -> r.ws().close());
        }
        awaitOpenSessionsAtMost(server, baseline);
    }
}
