package dev.syncio.it.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Engine.IO messages on the raw echo endpoint {@code /engine.io/}: polling payloads, WebSocket
 * frames, and what invalid input does to the session ("message" section of the Engine.IO suite).
 */
class EngineMessageTest extends ConformanceTestBase {

    private static final String SEP = RawEngineClient.SEPARATOR;

    @Test
    void echoesOnePlainTextPacketOverPolling() {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        HttpResponse<String> push = client.push(sid, "4hello");
        assertEquals(200, push.statusCode());
        assertEquals("ok", push.body());
        HttpResponse<String> poll = client.poll(sid);
        assertEquals(200, poll.statusCode());
        assertEquals("4hello", poll.body());
    }

    @Test
    void echoesSeveralPlainTextPacketsOverPollingInOnePayload() {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        HttpResponse<String> push = client.push(sid, "4test1" + SEP + "4test2" + SEP + "4test3");
        assertEquals(200, push.statusCode());
        assertEquals("ok", push.body());
        HttpResponse<String> poll = client.poll(sid);
        assertEquals(200, poll.statusCode());
        assertEquals("4test1" + SEP + "4test2" + SEP + "4test3", poll.body());
    }

    @Test
    void echoesMixedTextAndBase64BinaryPacketsOverPollingExactly() {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        HttpResponse<String> push = client.push(sid, "4hello" + SEP + "bAQIDBA==");
        assertEquals(200, push.statusCode());
        assertEquals("ok", push.body());
        HttpResponse<String> poll = client.poll(sid);
        assertEquals(200, poll.statusCode());
        assertEquals("4hello" + SEP + "bAQIDBA==", poll.body());
    }

    @Test
    void echoesNonAsciiTextOverPollingUnchanged() {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        assertEquals(200, client.push(sid, "4héllo €").statusCode());
        assertEquals("4héllo €", client.poll(sid).body());
    }

    @Test
    void answersAPendingPollAsSoonAsAMessageArrives() throws Exception {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        CompletableFuture<RawEngineClient.RawResponse> pending = client.pendingPoll(sid);
        assertEquals(200, client.push(sid, "4late").statusCode());
        RawEngineClient.RawResponse poll = pending.get(RawEngineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(200, poll.statusCode());
        String body = poll.body();
        if (body.equals("2")) { // the heartbeat got to the pending poll first
            client.push(sid, "3");
            body = client.poll(sid).body();
        }
        assertEquals("4late", body);
    }

    @Test
    void closesThePollingSessionUponAnInvalidPacket() {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        try {
            client.push(sid, "abc");
        } catch (UncheckedIOException closedAbruptly) {
            // the server may drop the request
        }
        assertEquals(400, client.poll(sid).statusCode());
    }

    @Test
    void refusesThePostCarryingAnInvalidPacket() {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        try {
            HttpResponse<String> push = client.push(sid, "abc");
            assertEquals(400, push.statusCode(), push.body());
        } catch (UncheckedIOException closedAbruptly) {
            // the protocol also allows the server to drop the request instead of answering 400
        }
    }

    /*
     * netty-socketio binds a session's polling transport to the connection of its last GET, and
     * a browser reuses idle connections: a POST on that connection must get its "ok" and nothing
     * more, and what it triggers belongs to the next poll.
     */
    @Test
    void echoesToTheNextPollAPostSentOnTheHandshakeConnection() {
        RawEngineClient client = engineIo();
        try (RawEngineClient.KeepAliveConnection connection = client.keepAliveConnection()) {
            RawEngineClient.RawResponse open = connection.exchange("GET", "EIO=4&transport=polling", null);
            String sid = RawEngineClient.openPacket(open.body()).get("sid").asText();
            assertEquals("ok", connection.exchange("POST", RawEngineClient.pollingQuery(sid), "4hello").body());
            // the echo belongs to the next poll (here on another connection), never to the POST's
            assertEquals(List.of("4hello"), client.pollPackets(sid, 1));
        }
    }

    @Test
    void echoesToTheNextPollAPostSentOnThePreviousPollsConnection() {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        try (RawEngineClient.KeepAliveConnection connection = client.keepAliveConnection()) {
            assertEquals("ok", client.push(sid, "4first").body());
            assertEquals("4first", connection.exchange("GET", RawEngineClient.pollingQuery(sid), null).body());
            assertEquals("ok", connection.exchange("POST", RawEngineClient.pollingQuery(sid), "4second").body());
            assertEquals(List.of("4second"), client.pollPackets(sid, 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7x", "4ok" + "\u001e" + "9"})
    void closesThePollingSessionUponOtherInvalidPayloads(String payload) {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        try {
            client.push(sid, payload);
        } catch (UncheckedIOException closedAbruptly) {
            // allowed
        }
        // what the session had queued before the bad packet may still be flushed once; then it is gone
        HttpResponse<String> poll = client.poll(sid);
        if (poll.statusCode() == 200) {
            poll = client.poll(sid);
        }
        assertEquals(400, poll.statusCode(), poll.body());
    }

    @Test
    void closesTheSessionUponDuplicatePollRequests() throws Exception {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        CompletableFuture<RawEngineClient.RawResponse> first = client.pendingPoll(sid);
        HttpResponse<String> second = client.get(RawEngineClient.pollingQuery(sid) + "&t=burst");
        RawEngineClient.RawResponse answered = first.get(RawEngineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(200, answered.statusCode(), answered.body());
        assertEquals("1", answered.body());
        // the reference server answers 500 here, but 400 is what the protocol asks for
        assertEquals(400, second.statusCode(), second.body());
        assertEquals(400, client.poll(sid).statusCode());
    }

    @RepeatedTest(50)
    void closesTheSessionUponDuplicatePollRequestsArrivingTogether() throws Exception {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        CompletableFuture<HttpResponse<String>> first = client.pollAsync(sid);
        CompletableFuture<HttpResponse<String>> second = client.getAsync(RawEngineClient.pollingQuery(sid) + "&t=burst");
        HttpResponse<String> a = first.get(RawEngineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        HttpResponse<String> b = second.get(RawEngineClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        // whichever reached the server first was pending: it gets the CLOSE packet, the other 400
        HttpResponse<String> answered = a.statusCode() == 200 ? a : b;
        HttpResponse<String> refused = answered == a ? b : a;
        assertEquals(200, answered.statusCode(), () -> a.statusCode() + " " + a.body() + " / " + b.statusCode() + " " + b.body());
        assertEquals("1", answered.body());
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals(400, client.poll(sid).statusCode());
    }

    @Test
    void echoesAPlainTextPacketOverWebSocket() {
        RawEngineClient.Ws ws = engineIo().openWebSocketSession();
        ws.send("4hello");
        assertEquals("4hello", ws.nextText());
    }

    @Test
    void echoesABinaryFrameOverWebSocketByteForByte() {
        RawEngineClient.Ws ws = engineIo().openWebSocketSession();
        ws.send(new byte[] {1, 2, 3, 4});
        assertArrayEquals(new byte[] {1, 2, 3, 4}, ws.nextBinary());
    }

    @Test
    void echoesBinaryFramesOfEveryByteValueAndTheEmptyFrame() {
        RawEngineClient.Ws ws = engineIo().openWebSocketSession();
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        ws.send(all);
        ws.send(new byte[0]);
        assertArrayEquals(all, ws.nextBinary());
        assertArrayEquals(new byte[0], ws.nextBinary());
    }

    @Test
    void keepsTheOrderOfMixedTextAndBinaryFramesOverWebSocket() {
        RawEngineClient.Ws ws = engineIo().openWebSocketSession();
        ws.send("4a");
        ws.send(new byte[] {9});
        ws.send("4b");
        assertEquals("4a", ws.nextText());
        assertArrayEquals(new byte[] {9}, ws.nextBinary());
        assertEquals("4b", ws.nextText());
    }

    @Test
    void sendsBinaryMessagesToAPollingClientAsBase64Packets() {
        RawEngineClient client = engineIo();
        String sid = client.handshake();
        assertEquals(200, client.push(sid, "bAAEC/w==").statusCode());
        assertEquals(List.of("bAAEC/w=="), client.pollPackets(sid, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "7", "2"})
    void closesTheWebSocketSessionUponAnInvalidPacket(String packet) {
        RawEngineClient.Ws ws = engineIo().openWebSocketSession();
        ws.send(packet);
        ws.assertClosedByServer();
    }
}
