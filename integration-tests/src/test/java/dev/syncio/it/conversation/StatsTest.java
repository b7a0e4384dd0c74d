package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.leave;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncStats;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.Tokens;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code server.stats()} follows sockets, users, conversations, events and refused handshakes. */
class StatsTest {

    private ChatServer chat;
    private JavaClients clients;

    @BeforeEach
    void start() {
        chat = ChatServer.start();
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    private SyncStats awaitStats(Predicate<SyncStats> condition) {
        await().atMost(Duration.ofSeconds(5)).until(() -> condition.test(chat.server().stats()));
        return chat.server().stats();
    }

    /** Connects with this token and waits for the refusal. */
    private void refusedConnect(String token) throws Exception {
        Socket socket = clients.socket(chat.url(), b -> b.setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", token)));
        CompletableFuture<Object> refused = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> refused.complete(args.length > 0 ? args[0] : null));
        socket.once(Socket.EVENT_CONNECT, args -> refused.completeExceptionally(new AssertionError("connected")));
        socket.connect();
        refused.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFreshServerIsIdle() {
        SyncStats stats = chat.server().stats();
        assertEquals(0, stats.connectedSockets());
        assertEquals(0, stats.connectedUsers());
        assertEquals(0, stats.conversationsWithMembers());
        assertEquals(0, stats.eventsIn());
        assertEquals(0, stats.refusedHandshakes());
    }

    @Test
    void connectedSocketsAndDistinctUsersAreCounted() {
        Socket alicePhone = chat.connect(clients, "alice");
        Socket aliceLaptop = chat.connect(clients, "alice");
        chat.connect(clients, "bob");
        SyncStats stats = awaitStats(s -> s.connectedSockets() == 3);
        assertEquals(2, stats.connectedUsers(), "alice's two devices are one user");
        assertEquals(3, chat.server().connectedSockets());

        alicePhone.disconnect();
        stats = awaitStats(s -> s.connectedSockets() == 2);
        assertEquals(2, stats.connectedUsers(), "alice still has her laptop");

        aliceLaptop.disconnect();
        stats = awaitStats(s -> s.connectedSockets() == 1);
        assertEquals(1, stats.connectedUsers());
    }

    @Test
    void conversationsWithMembersFollowJoinsAndLeaves() {
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        joinOk(alice, "c1");
        joinOk(bob, "c1");
        joinOk(alice, "c2");
        assertEquals(2, chat.server().stats().conversationsWithMembers());

        leave(alice, "c2");
        assertEquals(1, chat.server().stats().conversationsWithMembers());
        leave(alice, "c1");
        assertEquals(1, chat.server().stats().conversationsWithMembers(), "bob is still in c1");

        bob.disconnect();
        awaitStats(s -> s.conversationsWithMembers() == 0 && s.connectedSockets() == 1);
    }

    @Test
    void refusedHandshakesAreCountedAndNeverConnect() throws Exception {
        chat.connect(clients, "alice");
        refusedConnect("not-a-jwt");
        refusedConnect(Tokens.expiredHs256("bob"));
        SyncStats stats = awaitStats(s -> s.refusedHandshakes() == 2);
        assertEquals(1, stats.connectedSockets());
        assertEquals(1, stats.connectedUsers());
        assertEquals(2, chat.server().refusedHandshakes());
    }

    @Test
    void eventsInAndOutIncrease() {
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        joinOk(alice, "c1");
        joinOk(bob, "c1");
        SyncStats before = chat.server().stats();

        for (int i = 0; i < 3; i++) {
            call(alice, "ping", Map.of());
        }
        call(alice, "no_such_event", Map.of()); // refused events are client events too
        call(alice, "send_message", Map.of("conversationId", "c1", "text", "hi"));

        SyncStats after = awaitStats(s -> s.eventsIn() >= before.eventsIn() + 5);
        assertEquals(before.eventsIn() + 5, after.eventsIn());
        // 1 message:new to bob (emitter) + 3 pongs (socket.emit: pongs follow their acks, so wait)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            long out = chat.server().stats().eventsOut();
            assertTrue(out >= before.eventsOut() + 4,
                    () -> "eventsOut went from " + before.eventsOut() + " to " + out + ": pong not counted?");
        });
    }

    @Test
    void eventRatesArePerSecondAndNeverNegative() {
        Socket alice = chat.connect(clients, "alice");
        for (int i = 0; i < 5; i++) {
            call(alice, "ping", Map.of());
        }
        SyncStats stats = chat.server().stats();
        assertTrue(stats.eventsInPerSecond() >= 0 && stats.eventsOutPerSecond() >= 0, stats::toString);
        // the rate window is sampled once a second: after a sample, the pings show up
        awaitStats(s -> s.eventsInPerSecond() > 0);
    }
}
