package dev.syncio.it.topic;

import static dev.syncio.it.support.ChatServer.errorCode;
import static dev.syncio.it.support.TopicGrants.settle;
import static dev.syncio.it.support.TopicGrants.subscribe;
import static dev.syncio.it.support.TopicGrants.subscribeOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncEmitter;
import dev.syncio.SyncServer;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.CuttableProxy;
import dev.syncio.it.support.EventArgs;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RecoveringClient;
import dev.syncio.it.support.TopicChanges;
import dev.syncio.it.support.TopicGrants;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Topic subscriptions are part of the recovery session. The Java client with
 * {@link RecoveringClient}, its connection cut (RST, through a {@link CuttableProxy}) and back:
 * recovered, it is still subscribed without subscribing again and gets the changes (and host
 * events) it missed in order, once, also those emitted while the recovery waits for the policy; a
 * topic the policy took away meanwhile is neither restored nor replayed; and past the recovery
 * window it gets a fresh session ({@code recovered()} false: the refetch signal) with no
 * subscription at all until it subscribes again, which the documented connect handler does.
 */
class TopicRecoveryTest {

    private final TopicGrants grants = new TopicGrants().allow("alice", "orders", "prices");
    private final JavaClients clients = new JavaClients();
    private ChatServer chat;
    private CuttableProxy proxy;
    private RecoveringClient recovery;
    private Socket alice;

    @AfterEach
    void stop() {
        clients.close();
        if (proxy != null) {
            proxy.close();
        }
        if (chat != null) {
            chat.close();
        }
    }

    /** A server with the topic policy (customised), and alice connected to it through the proxy with the helper. */
    private void start(Consumer<SyncServer.Builder> customise) {
        chat = ChatServer.start(b -> customise.accept(b.topicAccess(grants.access())));
        proxy = CuttableProxy.to(chat.server().port());
        IO.Options options = clients.options(b -> b.setTransports(new String[] {"websocket"})
                .setReconnection(true).setReconnectionDelay(50).setReconnectionDelayMax(200)
                .setAuth(Map.of("token", ChatServer.token("alice"))));
        recovery = new RecoveringClient(options);
        alice = clients.track(recovery.socket(URI.create(proxy.url())));
    }

    /** Cuts alice's connection and waits until her client noticed. */
    private void cut() throws Exception {
        CompletableFuture<Void> lost = new CompletableFuture<>();
        alice.once(Socket.EVENT_DISCONNECT, args -> lost.complete(null));
        proxy.cut();
        lost.get(10, TimeUnit.SECONDS);
    }

    /** Lets alice reconnect; returns whether the reconnection recovered her session (as the helper says at connect). */
    private boolean restore() throws Exception {
        CompletableFuture<Boolean> back = new CompletableFuture<>();
        alice.once(Socket.EVENT_CONNECT, args -> back.complete(recovery.recovered()));
        proxy.restore();
        return back.get(15, TimeUnit.SECONDS);
    }

    private void emit(String topic, String tag, long from, int count) {
        TopicChanges.emit(chat.server().emitter(), topic, tag, from, count);
    }

    /** The next {@code count} changes received, failing after 5 s each. */
    private static List<TopicChanges.Received> take(BlockingQueue<TopicChanges.Received> queue, int count) throws Exception {
        List<TopicChanges.Received> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TopicChanges.Received next = queue.poll(ChatServer.WAIT_SECONDS, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("change " + (i + 1) + " of " + count + " did not arrive; got " + taken);
            }
            taken.add(next);
        }
        return taken;
    }

    /**
     * alice connected and subscribed to these topics, with a first change of the first one
     * received (so that her client holds an offset); returns what she receives from now on.
     */
    private BlockingQueue<TopicChanges.Received> aliceSubscribedTo(String... topics) throws Exception {
        BlockingQueue<TopicChanges.Received> changes = TopicChanges.record(alice);
        JavaClients.awaitConnect(alice);
        for (String topic : topics) {
            subscribeOk(alice, topic);
        }
        emit(topics[0], "before", 1, 1);
        assertEquals("before", take(changes, 1).get(0).tag());
        return changes;
    }

    @Test
    void aRecoveredClientIsStillSubscribedAndGetsTheChangesItMissedInOrderOnce() throws Exception {
        start(b -> { });
        BlockingQueue<TopicChanges.Received> changes = aliceSubscribedTo("orders");
        String sid = alice.id();

        cut();
        emit("orders", "away", 2, 10);
        assertTrue(restore(), "recovered() is true when EVENT_CONNECT fires");
        assertEquals(sid, alice.id(), "the socket id is the old one");

        List<TopicChanges.Received> missed = take(changes, 10);
        assertEquals(TopicChanges.versions(2, 10), missed.stream().map(TopicChanges.Received::version).toList(), "in order");
        missed.forEach(change -> assertEquals("away", change.tag()));
        emit("orders", "live", 12, 1); // not subscribed again
        assertEquals(List.of(12L), take(changes, 1).stream().map(TopicChanges.Received::version).toList(),
                "live changes follow in the restored subscription");
        settle(alice);
        assertTrue(changes.isEmpty(), "nothing twice: " + changes);
        assertEquals(1, chat.server().stats().recoveredSessions());
    }

    @Test
    void hostEventsEmittedToATopicAreReplayedToo() throws Exception {
        start(b -> { });
        BlockingQueue<Object[]> notes = ChatServer.record(alice, "order:note");
        aliceSubscribedTo("orders");
        SyncEmitter orders = chat.server().emitter().toTopic("orders");

        cut();
        for (int i = 0; i < 3; i++) {
            orders.emit("order:note", Map.of("id", "away-" + i));
        }
        assertTrue(restore(), "recovered");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Object[] args = JavaClients.next(notes);
            assertTrue(EventArgs.offset(args) != null, "a topic event is retained: it carries its offset");
            ids.add(EventArgs.payload(args).optString("id"));
        }
        assertEquals(List.of("away-0", "away-1", "away-2"), ids);
        settle(alice);
        assertTrue(notes.isEmpty(), "nothing twice");
    }

    @Test
    void aTopicRevokedWhileAwayIsNeitherRestoredNorReplayed() throws Exception {
        start(b -> { });
        BlockingQueue<TopicChanges.Received> changes = aliceSubscribedTo("orders", "prices");

        cut();
        emit("prices", "before-revocation", 1, 2);
        grants.revoke("alice", "prices");
        emit("prices", "after-revocation", 3, 2);
        emit("orders", "away", 2, 2);
        assertTrue(restore(), "the session itself is recovered");

        settle(alice);
        List<TopicChanges.Received> replayed = new ArrayList<>();
        changes.drainTo(replayed);
        assertEquals(List.of("orders 2", "orders 3"), replayed.stream().map(c -> c.topic() + " " + c.version()).toList(),
                "orders' missed changes, none of prices'");

        emit("prices", "live", 5, 1);
        emit("orders", "live", 4, 1);
        settle(alice);
        replayed.clear();
        changes.drainTo(replayed);
        assertEquals(List.of("orders 4"), replayed.stream().map(c -> c.topic() + " " + c.version()).toList(),
                "subscribed to orders, not to prices");
        assertEquals("forbidden", errorCode(subscribe(alice, "prices")), "and the policy refuses it again");
    }

    @Test
    void aChangeEmittedWhileTheRecoveryWaitsForThePolicyArrivesOnceAfterTheMissedOnes() throws Exception {
        AtomicReference<CompletableFuture<Void>> gate = new AtomicReference<>(CompletableFuture.completedFuture(null));
        BlockingQueue<String> asked = new LinkedBlockingQueue<>();
        start(b -> b.topicAccess((principal, topic) -> {
            asked.add(topic);
            return gate.get().thenApply(open -> true); // a policy that answers when the test lets it
        }));
        BlockingQueue<TopicChanges.Received> changes = aliceSubscribedTo("orders");
        asked.clear();

        cut();
        emit("orders", "away", 2, 5);
        CompletableFuture<Void> held = new CompletableFuture<>();
        gate.set(held);
        CompletableFuture<Boolean> back = CompletableFuture.supplyAsync(() -> {
            try {
                return restore();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("orders", asked.poll(15, TimeUnit.SECONDS), "the recovery asks the policy about orders again");
        emit("orders", "during-the-check", 7, 1);
        held.complete(null);

        assertTrue(back.get(15, TimeUnit.SECONDS), "recovered");
        assertEquals(TopicChanges.versions(2, 6), take(changes, 6).stream().map(TopicChanges.Received::version).toList(),
                "the missed changes, then the one emitted during the check, in order");
        settle(alice);
        assertTrue(changes.isEmpty(), "nothing twice: " + changes);
    }

    @Test
    void pastTheWindowTheClientIsNotRecoveredAndGetsNoTopicEventUntilItSubscribesAgain() throws Exception {
        start(b -> b.recoveryWindow(Duration.ofMillis(300)));
        BlockingQueue<TopicChanges.Received> changes = aliceSubscribedTo("orders");
        String sid = alice.id();

        cut();
        emit("orders", "away", 2, 1);
        // the window has passed once the server no longer keeps the session
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> chat.server().stats().recoverySessions() == 0);
        assertFalse(restore(), "recovered() is false: the refetch signal");
        assertNotEquals(sid, alice.id(), "a new socket");

        emit("orders", "live-unsubscribed", 3, 1);
        settle(alice);
        assertTrue(changes.isEmpty(), "no change arrives, neither missed nor live, before subscribing again: " + changes);

        subscribeOk(alice, "orders");
        emit("orders", "resubscribed", 4, 1);
        assertEquals(List.of(4L), take(changes, 1).stream().map(TopicChanges.Received::version).toList());
        assertEquals(1, chat.server().stats().unrecoveredSessions());
    }

    /** What the documented connect handler calls: the app's refetch and its subscribe acks. */
    private final List<String> refetched = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Map.Entry<String, JSONObject>> subscribeAcks = new LinkedBlockingQueue<>();

    /** The app's refetch: it starts loading the state on an executor of its own (here it only counts). */
    private void refetch() {
        refetched.add(alice.id());
    }

    private void subscribed(String topic, JSONObject ack) {
        subscribeAcks.add(Map.entry(topic, ack));
    }

    /** The next {@code count} subscribe acks of the documented handler, each of which must be ok. */
    private List<String> subscribedTopics(int count) throws Exception {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map.Entry<String, JSONObject> ack = subscribeAcks.poll(ChatServer.WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(ack != null && ack.getValue().optBoolean("ok"), "subscribe acked ok: " + ack);
            assertEquals(ack.getKey(), ack.getValue().optString("topic"), "the ack names the topic asked for");
            topics.add(ack.getKey());
        }
        return topics;
    }

    @Test
    void theDocumentedConnectHandlerRefetchesAndSubscribesAgainAfterAFreshSession() throws Exception {
        start(b -> b.recoveryWindow(Duration.ofMillis(300)));
        List<String> topics = List.of("orders", "prices");
        BlockingQueue<TopicChanges.Received> changes = TopicChanges.record(alice);
        Socket socket = alice;

        // docs/topics.md: the refetch signal
        socket.on(Socket.EVENT_CONNECT, args -> {
            if (recovery.recovered()) {
                return; // same socket, still subscribed, missed changes on their way
            }
            // first connection, or a fresh session: subscribe, then load the state again
            AtomicInteger pending = new AtomicInteger(topics.size());
            for (String topic : topics) {
                socket.emit("subscribe", new Object[] {new JSONObject(Map.of("topic", topic))}, ack -> {
                    subscribed(topic, (JSONObject) ack[0]);
                    if (pending.decrementAndGet() == 0) {
                        refetch(); // changes from now on arrive too: their versions sort out the overlap
                    }
                });
            }
        });
        // end of docs

        JavaClients.awaitConnect(alice);
        assertEquals(topics, subscribedTopics(2), "subscribed at the first connect");
        cut();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> chat.server().stats().recoverySessions() == 0);
        assertFalse(restore(), "a fresh session");
        assertEquals(topics, subscribedTopics(2), "subscribed again after the fresh session");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> refetched.size() == 2);

        emit("prices", "live", 1, 1);
        assertEquals("prices", take(changes, 1).get(0).topic());
    }
}
