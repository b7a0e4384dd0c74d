package dev.syncio.it.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upgrading a polling session to WebSocket: probe, NOOP to the poll, upgrade, and what the old
 * transport and a second WebSocket get afterwards ("upgrade" section of both suites).
 */
class EngineUpgradeTest extends ConformanceTestBase {

    /** Opens the WebSocket of an existing polling session. */
    private static RawEngineClient.Ws upgradeSocket(RawEngineClient client, String sid) {
        return client.openWebSocket("EIO=4&transport=websocket&sid=" + sid);
    }

    /** Probes and completes the upgrade; the poll the probe ends is taken too. */
    private static RawEngineClient.Ws upgrade(RawEngineClient client, String sid) {
        RawEngineClient.Ws ws = upgradeSocket(client, sid);
        ws.send("2probe");
        assertEquals("3probe", ws.nextText());
        assertEquals("6", client.poll(sid).body());
        ws.send("5");
        return ws;
    }

    /**
     * Proves the WebSocket carries the session: the echo endpoint echoes {@code 4hello}; the
     * Socket.IO endpoint answers a CONNECT. Only a completed upgrade can answer.
     */
    private static void assertWebSocketCarriesTheSession(RawEngineClient client, RawEngineClient.Ws ws) {
        if (client.path().equals(RawEngineClient.ENGINE_IO)) {
            ws.send("4hello");
            assertEquals("4hello", ws.nextTextIgnoringPings());
        } else {
            ws.send("40");
            String connect = ws.nextTextIgnoringPings();
            assertTrue(connect.startsWith("40{\"sid\":"), connect);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void answersTheProbeAndEndsTheNextPollWithANoop(String path) {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        RawEngineClient.Ws ws = upgradeSocket(client, sid);
        ws.send("2probe");
        assertEquals("3probe", ws.nextText());
        HttpResponse<String> poll = client.poll(sid);
        assertEquals(200, poll.statusCode());
        assertEquals("6", poll.body()); // "noop" ends the long poll cleanly
        ws.send("5");
        assertWebSocketCarriesTheSession(client, ws);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void endsAPendingPollWithANoopWhenTheProbeArrives(String path) throws Exception {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        RawEngineClient.Ws ws = upgradeSocket(client, sid);
        CompletableFuture<RawEngineClient.RawResponse> pending = client.pendingPoll(sid);
        ws.send("2probe");
        assertEquals("3probe", ws.nextText());
        RawEngineClient.RawResponse poll = pending.get(RawEngineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(200, poll.statusCode());
        assertEquals("6", poll.body());
        ws.send("5");
        assertWebSocketCarriesTheSession(client, ws);
    }

    @Test
    void deliversOverWebSocketWhatWasQueuedDuringTheUpgrade() {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        RawEngineClient.Ws ws = upgradeSocket(client, sid);
        ws.send("2probe");
        assertEquals("3probe", ws.nextText());
        assertEquals("6", client.poll(sid).body());
        // polling is paused now; the echo of this POST waits for the transport to settle
        assertEquals("ok", client.push(sid, "4queued").body());
        ws.send("5");
        assertEquals("4queued", ws.nextTextIgnoringPings());
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesPollingWithTheSameSidAfterTheUpgrade(String path) {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        RawEngineClient.Ws ws = upgrade(client, sid);
        // wait for the upgrade to take effect before polling again (the official suite races here)
        assertWebSocketCarriesTheSession(client, ws);
        HttpResponse<String> poll = client.poll(sid);
        assertEquals(400, poll.statusCode(), poll.body());
        HttpResponse<String> push = client.push(sid, "4hello");
        assertEquals(400, push.statusCode(), push.body());
        // and the WebSocket is unaffected
        if (client.path().equals(RawEngineClient.ENGINE_IO)) {
            ws.send("4still");
            assertEquals("4still", ws.nextTextIgnoringPings());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void closesASecondWebSocketWithTheSameSidAfterTheUpgrade(String path) {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        RawEngineClient.Ws ws = upgrade(client, sid);
        assertWebSocketCarriesTheSession(client, ws);
        // the handshake of the second one may succeed, but the socket must close at once
        RawEngineClient.Ws second = client.openWebSocket("EIO=4&transport=websocket&sid=" + sid);
        second.assertClosedByServer();
        assertTrue(second.pending().isEmpty(), () -> "the second WebSocket received " + second.pending());
        if (client.path().equals(RawEngineClient.ENGINE_IO)) {
            ws.send("4hello");
            assertEquals("4hello", ws.nextTextIgnoringPings());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void closesASecondWebSocketWithTheSameSidDuringTheUpgrade(String path) {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        RawEngineClient.Ws ws = upgradeSocket(client, sid);
        ws.send("2probe");
        assertEquals("3probe", ws.nextText());
        RawEngineClient.Ws second = client.openWebSocket("EIO=4&transport=websocket&sid=" + sid);
        second.assertClosedByServer();
        assertEquals("6", client.poll(sid).body());
        ws.send("5");
        assertWebSocketCarriesTheSession(client, ws);
    }

    /**
     * The upgrade packet on the WebSocket and a poll on another connection sent right after it
     * (the official suites' "ignores HTTP requests with same sid after upgrade"): the two arrive
     * on different connections, read by different event loops, and are decided in one order on
     * the session's loop, where a poll during a probed upgrade is held briefly: the upgrade wins,
     * the poll is refused, and the WebSocket carries the session.
     */
    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAPollSentRightAfterTheUpgradePacket(String path) throws Exception {
        RawEngineClient client = client(path);
        for (int round = 0; round < 5; round++) {
            String sid = client.handshake();
            RawEngineClient.Ws ws = upgradeSocket(client, sid);
            ws.send("2probe");
            assertEquals("3probe", ws.nextText());
            ws.send("5");
            CompletableFuture<HttpResponse<String>> poll = client.pollAsync(sid);
            HttpResponse<String> answer = poll.get(RawEngineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(400, answer.statusCode(), answer::body);
            assertWebSocketCarriesTheSession(client, ws);
            ws.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAnUpgradeOfAnUnknownSession(String path) {
        String query = "EIO=4&transport=websocket&sid=" + java.util.UUID.randomUUID();
        assertEquals(400, client(path).refusedWebSocketStatus(query, Map.of()));
    }
}
