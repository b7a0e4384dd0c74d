package dev.syncio.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.CuttableProxy;
import dev.syncio.it.support.EventArgs;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RecoveringClient;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java client with {@link RecoveringClient} recovers as the JavaScript client does: its
 * connection cut (RST, through a {@link CuttableProxy}) and back, it has its socket id again,
 * {@code recovered()} is true, and it gets the events it missed in order, then live ones.
 */
class JavaClientRecoveryTest {

    private static final int MISSED = 6;

    /** An event as a listener received it: its name and the payload's {@code seq}. */
    private record Received(String event, String tag, int seq, String offset) {
    }

    private ChatServer chat;
    private JavaClients clients;
    private CuttableProxy proxy;

    @BeforeEach
    void start() {
        chat = ChatServer.start();
        clients = new JavaClients();
        proxy = CuttableProxy.to(chat.server().port());
    }

    @AfterEach
    void stop() {
        clients.close();
        proxy.close();
        chat.close();
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling"})
    void aJavaClientCutOffRecoversItsSessionAndTheEventsItMissed(String transport) throws Exception {
        IO.Options options = clients.options(b -> b.setTransports(new String[] {transport}).setUpgrade(false)
                .setReconnection(true).setReconnectionDelay(50).setReconnectionDelayMax(200)
                .setAuth(Map.of("token", ChatServer.token("alice"))));
        RecoveringClient recovery = new RecoveringClient(options);
        Socket alice = clients.track(recovery.socket(URI.create(proxy.url())));
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        for (String event : List.of("message:new", "user:notice")) {
            alice.on(event, args -> {
                JSONObject payload = EventArgs.payload(args);
                received.add(new Received(event, payload.optString("tag"), payload.optInt("seq", -1), EventArgs.offset(args)));
            });
        }
        JavaClients.awaitConnect(alice);
        assertFalse(recovery.recovered(), "a first connection recovers nothing");
        ChatServer.joinOk(alice, "c1");

        emit("before", 1);
        Received before = take(received);
        assertEquals(before.offset(), recovery.lastOffset(), "the helper keeps the last event's offset");
        String sid = alice.id();

        CompletableFuture<Void> lost = new CompletableFuture<>();
        alice.once(Socket.EVENT_DISCONNECT, args -> lost.complete(null));
        proxy.cut();
        lost.get(10, TimeUnit.SECONDS);
        emit("away", MISSED);
        CompletableFuture<Boolean> back = new CompletableFuture<>();
        alice.once(Socket.EVENT_CONNECT, args -> back.complete(recovery.recovered()));
        proxy.restore();

        assertTrue(back.get(15, TimeUnit.SECONDS), "recovered() is true when EVENT_CONNECT fires");
        assertEquals(sid, alice.id(), "the socket id is the old one");
        List<Received> missed = new ArrayList<>();
        for (int i = 0; i < MISSED; i++) {
            missed.add(take(received));
        }
        for (int seq = 0; seq < MISSED; seq++) {
            Received got = missed.get(seq);
            assertEquals("away", got.tag());
            assertEquals(seq, got.seq(), "in order: " + missed);
            assertEquals(seq % 2 == 0 ? "message:new" : "user:notice", got.event(), "from both rooms");
        }
        emit("after", 2);
        assertEquals(List.of("after", "after"), List.of(take(received).tag(), take(received).tag()),
                "live events follow in the restored rooms");
        assertTrue(received.isEmpty(), "nothing twice: " + received);
        assertEquals(1, chat.server().stats().recoveredSessions());
    }

    /** {@code count} events, turn about to c1 and to alice's user room. */
    private void emit(String tag, int count) {
        for (int seq = 0; seq < count; seq++) {
            Map<String, Object> payload = Map.of("id", tag + "-" + seq, "tag", tag, "seq", seq);
            if (seq % 2 == 0) {
                chat.server().emitter().toConversation("c1").emit("message:new", payload);
            } else {
                chat.server().emitter().toUser("alice").emit("user:notice", payload);
            }
        }
    }

    private static Received take(BlockingQueue<Received> queue) throws InterruptedException {
        Received next = queue.poll(ChatServer.WAIT_SECONDS, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no event within " + ChatServer.WAIT_SECONDS + " s");
        }
        return next;
    }
}
