package dev.syncio.it.conformance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Engine.IO heartbeat (pingInterval 300 ms, pingTimeout 200 ms): the server pings, the client
 * answers, and a client that stops answering is dropped ("heartbeat" section of both suites).
 */
class EngineHeartbeatTest extends ConformanceTestBase {

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void pingsAPollingClientThatAnswersEachPingWithAPong(String path) {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> poll = client.poll(sid);
            assertEquals(200, poll.statusCode());
            assertEquals("2", poll.body());
            HttpResponse<String> pong = client.push(sid, "3");
            assertEquals(200, pong.statusCode());
            assertEquals("ok", pong.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void closesAPollingSessionThatNeverPolls(String path) {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        // No request touches the session until it must have timed out. The clock is a WebSocket
        // session opened afterwards that does not answer its ping either: once the server has
        // dropped it, the older polling session is past its own deadline too. Sessions keep their
        // heartbeats on their own event loops, so the two deadlines may fire on two threads: the
        // wait then asks whether the sid is still known with a request the server refuses before
        // it reaches any session (a WebSocket request without its upgrade headers: "Bad request"
        // while the session lives, "Session ID unknown" once it is gone).
        RawEngineClient.Ws clock = client.openWebSocketSession();
        assertEquals("2", clock.nextText());
        clock.assertClosedByServer();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() ->
                client.request("GET", "EIO=4&transport=websocket&sid=" + sid, null, java.util.Map.of())
                        .body().contains("\"code\":1"));
        HttpResponse<String> poll = client.poll(sid);
        assertEquals(400, poll.statusCode(), () -> "session still open, poll answered " + poll.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void closesAPollingSessionThatPollsButNeverAnswersThePing(String path) {
        RawEngineClient client = client(path);
        String sid = client.handshake();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
                .until(() -> client.poll(sid).statusCode() == 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void pingsAWebSocketClientThatAnswersEachPingWithAPong(String path) {
        RawEngineClient.Ws ws = client(path).openWebSocketSession();
        for (int i = 0; i < 3; i++) {
            assertEquals("2", ws.nextText());
            ws.send("3");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void closesAWebSocketSessionThatDoesNotAnswerThePing(String path) {
        RawEngineClient.Ws ws = client(path).openWebSocketSession();
        assertEquals("2", ws.nextText());
        ws.assertClosedByServer();
    }
}
