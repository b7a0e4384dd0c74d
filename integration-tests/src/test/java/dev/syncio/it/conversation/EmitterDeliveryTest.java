package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.payload;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncEmitter;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code server.emitter()} with real clients: who gets an event, exactly once. Users: alice (one
 * device), bob (phone and laptop), carol (one device). Each test receives the event {@code note}
 * with a unique {@code id}, and checks "exactly once / nothing" after a {@linkplain
 * ChatServer#barrier barrier} on every socket.
 */
class EmitterDeliveryTest {

    private ChatServer chat;
    private JavaClients clients;
    private Socket alice;
    private Socket bobPhone;
    private Socket bobLaptop;
    private Socket carol;

    @BeforeEach
    void start() {
        chat = ChatServer.start();
        clients = new JavaClients();
        alice = chat.connect(clients, "alice");
        bobPhone = chat.connect(clients, "bob");
        bobLaptop = chat.connect(clients, "bob");
        carol = chat.connect(clients, "carol");
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    /** The {@code id}s of the {@code note} events each socket got, after a barrier on each. */
    private List<List<String>> deliver(Runnable emit, Socket... sockets) {
        return chat.deliver("note", emit, sockets);
    }

    @Test
    void conversationEmitReachesEveryMemberSocketOnceAndNobodyElse() {
        // c2: alice and bob; carol is connected but not a member
        joinOk(alice, "c2");
        joinOk(bobPhone, "c2");
        joinOk(bobLaptop, "c2");

        var got = deliver(() -> chat.server().emitter().toConversation("c2").emit("note", Map.of("id", "n1")),
                alice, bobPhone, bobLaptop, carol);

        assertEquals(List.of(List.of("n1"), List.of("n1"), List.of("n1"), List.of()), got,
                "alice, bob's phone, bob's laptop once each; carol nothing");
    }

    @Test
    void aDeviceThatDidNotJoinGetsNoConversationEvents() {
        joinOk(alice, "c2");
        joinOk(bobPhone, "c2"); // the laptop did not join

        var got = deliver(() -> chat.server().emitter().toConversation("c2").emit("note", Map.of("id", "n2")),
                alice, bobPhone, bobLaptop);

        assertEquals(List.of(List.of("n2"), List.of("n2"), List.of()), got);
    }

    @Test
    void exceptSkipsOnlyThatSocket() {
        joinOk(alice, "c2");
        joinOk(bobPhone, "c2");
        joinOk(bobLaptop, "c2");
        String phoneId = bobPhone.id();

        var got = deliver(() -> chat.server().emitter().toConversation("c2").except(phoneId)
                .emit("note", Map.of("id", "n3")), alice, bobPhone, bobLaptop);

        assertEquals(List.of(List.of("n3"), List.of(), List.of("n3")), got,
                "the excluded phone gets nothing, bob's laptop still gets it");
    }

    @Test
    void toUserReachesEveryDeviceOfThatUserOnly() {
        var got = deliver(() -> chat.server().emitter().toUser("bob").emit("note", Map.of("id", "n4")),
                alice, bobPhone, bobLaptop, carol);

        assertEquals(List.of(List.of(), List.of("n4"), List.of("n4"), List.of()), got);
    }

    @Test
    void toUserWithExceptSkipsTheSendingDevice() {
        String laptopId = bobLaptop.id();
        var got = deliver(() -> chat.server().emitter().toUser("bob").except(laptopId)
                .emit("note", Map.of("id", "n5")), bobPhone, bobLaptop);

        assertEquals(List.of(List.of("n5"), List.of()), got);
    }

    @Test
    void aSocketInSeveralTargetedRoomsGetsTheEventOnce() {
        joinOk(alice, "c1");
        joinOk(alice, "c2");
        joinOk(bobPhone, "c2");
        joinOk(carol, "c1");

        var got = deliver(() -> chat.server().emitter().toConversation("c1").toConversation("c2")
                .emit("note", Map.of("id", "n6")), alice, bobPhone, bobLaptop, carol);

        assertEquals(List.of(List.of("n6"), List.of("n6"), List.of(), List.of("n6")), got,
                "alice is in both rooms and still gets it once");
    }

    @Test
    void conversationAndUserRoomsTogetherDeliverOncePerSocket() {
        joinOk(alice, "c2");
        joinOk(bobPhone, "c2");

        var got = deliver(() -> chat.server().emitter().toConversation("c2").toUser("alice").toUser("bob")
                .emit("note", Map.of("id", "n7")), alice, bobPhone, bobLaptop, carol);

        assertEquals(List.of(List.of("n7"), List.of("n7"), List.of("n7"), List.of()), got);
    }

    @Test
    void toAllReachesEveryConnectedSocketOnce() {
        joinOk(alice, "c1");
        var got = deliver(() -> chat.server().emitter().toAll().toConversation("c1")
                .emit("note", Map.of("id", "n8")), alice, bobPhone, bobLaptop, carol);

        assertEquals(List.of(List.of("n8"), List.of("n8"), List.of("n8"), List.of("n8")), got);
    }

    @Test
    void anEmitterIsImmutableAndReusable() {
        joinOk(alice, "c1");
        joinOk(carol, "c1");
        joinOk(bobPhone, "c2");
        SyncEmitter c1 = chat.server().emitter().toConversation("c1");
        SyncEmitter c1ExceptAlice = c1.except(alice.id());
        c1.toConversation("c2"); // a derived target never changes the original

        var got = deliver(() -> {
            c1.emit("note", Map.of("id", "a"));
            c1ExceptAlice.emit("note", Map.of("id", "b"));
            c1.emit("note", Map.of("id", "c"));
        }, alice, bobPhone, carol);

        assertEquals(List.of(List.of("a", "c"), List.of(), List.of("a", "b", "c")), got,
                "in order, and the derived emitters did not alter c1");
    }

    @Test
    void emitWithoutATargetIsRejected() {
        assertThrows(IllegalStateException.class, () -> chat.server().emitter().emit("note", Map.of("id", "x")));
        assertThrows(IllegalStateException.class,
                () -> chat.server().emitter().except(alice.id()).emit("note", Map.of("id", "x")));
        assertThrows(IllegalArgumentException.class, () -> chat.server().emitter().toConversation(" "));
        assertThrows(IllegalArgumentException.class, () -> chat.server().emitter().toUser(""));
    }

    @Test
    void concurrentEmitsFromManyThreadsAllArriveExactlyOnce() throws Exception {
        joinOk(alice, "c2");
        joinOk(bobPhone, "c2");
        int threads = 8;
        int perThread = 50;
        int total = threads * perThread;

        Set<String> aliceIds = ConcurrentHashMap.newKeySet();
        Set<String> phoneIds = ConcurrentHashMap.newKeySet();
        AtomicInteger aliceCount = new AtomicInteger();
        AtomicInteger phoneCount = new AtomicInteger();
        alice.on("note", args -> {
            aliceIds.add(payload(args).optString("id"));
            aliceCount.incrementAndGet();
        });
        bobPhone.on("note", args -> {
            phoneIds.add(payload(args).optString("id"));
            phoneCount.incrementAndGet();
        });

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    SyncEmitter c2 = chat.server().emitter().toConversation("c2");
                    for (int i = 0; i < perThread; i++) {
                        c2.emit("note", Map.of("id", thread + "-" + i, "thread", thread, "seq", i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> aliceIds.size() == total && phoneIds.size() == total);
        chat.barrier(alice);
        chat.barrier(bobPhone);
        assertEquals(total, aliceCount.get(), "no duplicates for alice");
        assertEquals(total, phoneCount.get(), "no duplicates for bob's phone");
    }

    @Test
    void eventsFromOneThreadArriveInEmitOrder() {
        joinOk(alice, "c2");
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        alice.on("note", args -> order.add(payload(args).optString("id")));
        SyncEmitter c2 = chat.server().emitter().toConversation("c2");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add("o" + i);
            c2.emit("note", Map.of("id", "o" + i));
        }
        chat.barrier(alice);
        assertEquals(sent, order);
        assertTrue(alice.connected());
    }
}
