package dev.syncio.it.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A client closing its session with a CLOSE packet ({@code 1}): "close" section of both suites. */
class EngineCloseTest extends ConformanceTestBase {

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void endsThePendingPollWithANoopWhenThePollingClientCloses(String path) throws Exception {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        CompletableFuture<RawEngineClient.RawResponse> pending = client.pendingPoll(sid);
        HttpResponse<String> close = client.push(sid, "1");
        assertEquals(200, close.statusCode());
        RawEngineClient.RawResponse poll = pending.get(RawEngineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(200, poll.statusCode());
        assertEquals("6", poll.body());
        assertEquals(400, client.poll(sid).statusCode());
    }

    /**
     * The client's poll and its CLOSE sent at once on two connections (the official suites'
     * "forcefully close" case): whichever the server reads first, the poll ends with a NOOP and the
     * session is gone afterwards. Both are decided on the session's own event loop. The suites'
     * server pings every 300 ms: on a busy machine a heartbeat may answer the poll before the
     * CLOSE arrives, and then the round did not race; it is repeated with a new session (10 races
     * are needed, within 60 attempts).
     */
    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void endsAPollSentTogetherWithTheCloseWithANoop(String path) throws Exception {
        RawEngineClient client = client(path);
        int races = 0;
        for (int attempt = 0; attempt < 60 && races < 10; attempt++) {
            String sid = client.handshake();
            CompletableFuture<HttpResponse<String>> poll = client.pollAsync(sid);
            CompletableFuture<HttpResponse<String>> close = client.requestAsync("POST",
                    "EIO=4&transport=polling&sid=" + sid, "1", java.util.Map.of());
            assertEquals(200, close.get(RawEngineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS).statusCode());
            HttpResponse<String> ended = poll.get(RawEngineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(200, ended.statusCode(), () -> "round " + ended.body());
            assertEquals(400, client.poll(sid).statusCode(), "the session is gone after its CLOSE");
            if ("2".equals(ended.body())) {
                continue; // the heartbeat came first: no race this time
            }
            assertEquals("6", ended.body());
            races++;
        }
        assertEquals(10, races, "poll and CLOSE raced 10 times within 60 attempts");
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void forgetsAPollingSessionClosedWithoutAPendingPoll(String path) {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        assertEquals(200, client.push(sid, "1").statusCode());
        assertEquals(400, client.poll(sid).statusCode());
        assertEquals(400, client.push(sid, "4late").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void closesTheWebSocketWhenTheClientSendsClose(String path) {
        RawEngineClient.Ws ws = client(path).openWebSocketSession();
        ws.send("1");
        ws.assertClosedByServer();
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void forgetsAWebSocketSessionOnceItsConnectionIsGone(String path) {
        RawEngineClient client = client(path);
        RawEngineClient.Ws ws = client.openWebSocket("EIO=4&transport=websocket");
        String sid = RawEngineClient.openPacket(ws.nextText()).get("sid").asText();
        ws.send("1");
        ws.assertClosedByServer();
        // the id of a closed session is unknown to every transport
        assertEquals(400, client.poll(sid).statusCode());
        assertEquals(400, client.refusedWebSocketStatus("EIO=4&transport=websocket&sid=" + sid, java.util.Map.of()));
    }
}
