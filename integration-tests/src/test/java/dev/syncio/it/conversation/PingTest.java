package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.callArgs;
import static dev.syncio.it.support.ChatServer.callWithoutPayload;
import static dev.syncio.it.support.ChatServer.keys;
import static dev.syncio.it.support.ChatServer.next;
import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ping}: acked {@code {ok, serverTime}}, plus a {@code pong} to the asking socket only. */
class PingTest {

    private ChatServer chat;
    private JavaClients clients;
    private Socket alice;
    private BlockingQueue<Object[]> pongs;

    @BeforeEach
    void start() {
        chat = ChatServer.start();
        clients = new JavaClients();
        alice = chat.connect(clients, "alice");
        pongs = record(alice, "pong");
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    private static Instant assertServerTimeNow(JSONObject json) {
        Object value = json.opt("serverTime");
        assertTrue(value instanceof String text && text.endsWith("Z"), () -> "serverTime is no UTC ISO string: " + json);
        Instant serverTime = Instant.parse((String) value);
        Instant now = Instant.now();
        assertTrue(!serverTime.isBefore(now.minusSeconds(30)) && !serverTime.isAfter(now.plusSeconds(5)),
                () -> "serverTime " + serverTime + " is not about now " + now);
        return serverTime;
    }

    private void assertPingAnswered(JSONObject ack) {
        assertEquals(Set.of("ok", "serverTime"), keys(ack), ack::toString);
        assertEquals(true, ack.opt("ok"));
        assertServerTimeNow(ack);
        JSONObject pong = next(pongs);
        assertTrue(pong.opt("id") instanceof String id && !id.isBlank(), pong::toString);
        assertServerTimeNow(pong);
    }

    @Test
    void pingWithAnEmptyObjectIsAckedWithServerTimeAndPonged() {
        assertPingAnswered(call(alice, "ping", Map.of()));
    }

    @Test
    void pingWithoutPayloadIsAckedWithServerTimeAndPonged() {
        assertPingAnswered(callWithoutPayload(alice, "ping"));
    }

    @Test
    void pingWithAnyPayloadIsAckedAsWell() {
        assertPingAnswered(call(alice, "ping", Map.of("clientTime", "2026-01-01T00:00:00Z")));
        assertPingAnswered(callArgs(alice, "ping", "anything"));
    }

    @Test
    void pingWithoutAckStillGetsAPong() {
        alice.emit("ping", new JSONObject(Map.of()));
        JSONObject pong = next(pongs);
        assertServerTimeNow(pong);
        alice.emit("ping");
        assertServerTimeNow(next(pongs));
    }

    @Test
    void pongGoesToTheAskingSocketOnly() {
        Socket aliceTablet = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        BlockingQueue<Object[]> tabletPongs = record(aliceTablet, "pong");
        BlockingQueue<Object[]> bobPongs = record(bob, "pong");

        assertPingAnswered(call(alice, "ping", Map.of()));
        chat.barrier(alice);
        chat.barrier(aliceTablet);
        chat.barrier(bob);
        assertTrue(pongs.isEmpty(), "one pong per ping");
        assertTrue(tabletPongs.isEmpty(), "the asker's other device got a pong");
        assertTrue(bobPongs.isEmpty(), "another user got a pong");
    }

    @Test
    void serverTimeMovesForward() {
        Instant first = assertServerTimeNow(call(alice, "ping", Map.of()));
        Instant second = assertServerTimeNow(call(alice, "ping", Map.of()));
        assertTrue(!second.isBefore(first), () -> second + " is before " + first);
    }
}
