package dev.syncio.it.topic;

import static dev.syncio.it.support.ChatServer.keys;
import static dev.syncio.it.support.ChatServer.record;
import static dev.syncio.it.support.TopicGrants.subscribeOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.SyncServer;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.EventArgs;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RawSioClient;
import dev.syncio.it.support.TopicChanges;
import dev.syncio.it.support.TopicGrants;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code coalesceTopics("logs:", 200 ms)}: the changes of a topic whose name starts with
 * {@code logs:} go out as {@code topic:batch {id, topic, events}} holding the window's
 * {@code resource:changed} payloads in order, or once 1,000 are held; other topics get plain
 * {@code resource:changed}; a batch is retained and recovered like any topic event.
 */
class TopicCoalescingTest {

    private static final Duration WINDOW = Duration.ofMillis(200);
    private static final Set<String> CHANGE_FIELDS = Set.of("id", "topic", "resource", "action", "resourceId", "data",
            "version", "at");

    private final TopicGrants grants = new TopicGrants().allow("alice", "logs:job-1", "orders", "logs", "catalogs:x");
    private final JavaClients clients = new JavaClients();
    private ChatServer chat;
    private Socket alice;

    @AfterEach
    void stop() {
        clients.close();
        if (chat != null) {
            chat.close();
        }
    }

    private void startServer(Consumer<SyncServer.Builder> customise) {
        chat = ChatServer.start(b -> customise.accept(b.topicAccess(grants.access())));
    }

    private Socket aliceOn(Consumer<SyncServer.Builder> customise) {
        startServer(customise);
        return chat.connect(clients, "alice");
    }

    /**
     * Starts the server coalescing {@code logs:} topics for {@code window}, and alice subscribed to
     * {@code logs:job-1}; returns the {@code topic:batch} events she receives.
     */
    private BlockingQueue<Object[]> batchesOfJob1(Duration window) {
        alice = aliceOn(b -> b.coalesceTopics("logs:", window));
        subscribeOk(alice, "logs:job-1");
        return record(alice, "topic:batch");
    }

    /** Batches as received until they hold {@code count} changes in all; fails when one does not come in time. */
    private static List<JSONObject> batchesHolding(BlockingQueue<Object[]> batches, int count, long seconds)
            throws InterruptedException {
        List<JSONObject> received = new ArrayList<>();
        int held = 0;
        while (held < count) {
            Object[] args = batches.poll(seconds, TimeUnit.SECONDS);
            if (args == null) {
                throw new AssertionError("batches with " + count + " changes did not arrive; got " + held + " in "
                        + received.size() + " batches");
            }
            assertTrue(EventArgs.offset(args) != null, "a batch is retained: its offset follows the payload");
            JSONObject batch = EventArgs.payload(args);
            received.add(batch);
            held += batch.optJSONArray("events") == null ? 0 : batch.optJSONArray("events").length();
        }
        return received;
    }

    /** The changes of these batches, in order, each checked to be a full {@code resource:changed} payload of the topic. */
    private static List<JSONObject> changesOf(List<JSONObject> batches, String topic) {
        List<JSONObject> changes = new ArrayList<>();
        for (JSONObject batch : batches) {
            assertEquals(Set.of("id", "topic", "events"), keys(batch), batch::toString);
            assertEquals(topic, batch.opt("topic"));
            JSONArray events = batch.optJSONArray("events");
            for (int i = 0; i < events.length(); i++) {
                JSONObject change = events.optJSONObject(i);
                assertEquals(CHANGE_FIELDS, keys(change), change::toString);
                assertEquals(topic, change.opt("topic"));
                changes.add(change);
            }
        }
        return changes;
    }

    private static List<Long> versions(List<JSONObject> changes) {
        return changes.stream().map(change -> change.optLong("version", -1)).toList();
    }

    @Test
    void aBurstOf50ChangesArrivesAsFewBatchesHoldingAllOfThemInOrderOnce() throws Exception {
        BlockingQueue<Object[]> batches = batchesOfJob1(WINDOW);
        BlockingQueue<Object[]> plain = record(alice, "resource:changed");

        TopicChanges.emit(chat.server().emitter(), "logs:job-1", "burst", 1, 50);

        List<JSONObject> received = batchesHolding(batches, 50, ChatServer.WAIT_SECONDS);
        assertTrue(received.size() <= 10, "50 changes emitted at once should make a few batches, not "
                + received.size());
        List<JSONObject> changes = changesOf(received, "logs:job-1");
        assertEquals(TopicChanges.versions(1, 50), versions(changes), "all 50, in order, once");
        Set<Object> ids = new HashSet<>();
        received.forEach(batch -> ids.add(batch.opt("id")));
        changes.forEach(change -> ids.add(change.opt("id")));
        assertEquals(received.size() + 50, ids.size(), "every batch and every change has an id of its own");

        // one more change: its batch comes after any batch still due, so nothing was sent twice
        TopicChanges.emit(chat.server().emitter(), "logs:job-1", "marker", 51, 1);
        List<JSONObject> last = batchesHolding(batches, 1, ChatServer.WAIT_SECONDS);
        assertEquals(List.of(51L), versions(changesOf(last, "logs:job-1")));
        assertTrue(batches.isEmpty() && plain.isEmpty(), "a coalesced topic gets batches only, each change once");
    }

    @Test
    void topicsNotMatchingThePrefixGetPlainResourceChanged() throws Exception {
        alice = aliceOn(b -> b.coalesceTopics("logs:", WINDOW));
        BlockingQueue<TopicChanges.Received> changes = TopicChanges.record(alice);
        for (String topic : List.of("orders", "logs", "catalogs:x", "logs:job-1")) {
            subscribeOk(alice, topic);
        }

        TopicChanges.emit(chat.server().emitter(), "logs:job-1", "coalesced", 1, 1);
        TopicChanges.emit(chat.server().emitter(), "orders", "plain", 1, 1);
        TopicChanges.emit(chat.server().emitter(), "logs", "plain", 1, 1);
        TopicChanges.emit(chat.server().emitter(), "catalogs:x", "plain", 1, 1);

        List<String> received = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TopicChanges.Received change = changes.poll(ChatServer.WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(change != null, "4 changes, got " + received);
            received.add(change.event() + " " + change.topic());
        }
        assertEquals(List.of("resource:changed orders", "resource:changed logs", "resource:changed catalogs:x",
                "topic:batch logs:job-1"), received, "the batch a window after the plain changes emitted after it");
    }

    @Test
    void eachTopicOfAPrefixIsBatchedOnItsOwn() throws Exception {
        grants.allow("alice", "logs:job-2");
        alice = aliceOn(b -> b.coalesceTopics("logs:", WINDOW));
        subscribeOk(alice, "logs:job-1");
        subscribeOk(alice, "logs:job-2");
        BlockingQueue<Object[]> batches = record(alice, "topic:batch");

        for (long version = 1; version <= 10; version++) {
            TopicChanges.emit(chat.server().emitter(), "logs:job-1", "interleaved", version, 1);
            TopicChanges.emit(chat.server().emitter(), "logs:job-2", "interleaved", 100 + version, 1);
        }

        List<JSONObject> received = batchesHolding(batches, 20, ChatServer.WAIT_SECONDS);
        List<JSONObject> job1 = received.stream().filter(b -> "logs:job-1".equals(b.opt("topic"))).toList();
        List<JSONObject> job2 = received.stream().filter(b -> "logs:job-2".equals(b.opt("topic"))).toList();
        assertEquals(received.size(), job1.size() + job2.size(), "every batch names one of the two topics");
        assertEquals(TopicChanges.versions(1, 10), versions(changesOf(job1, "logs:job-1")), "job 1's alone, in order");
        assertEquals(TopicChanges.versions(101, 10), versions(changesOf(job2, "logs:job-2")), "job 2's alone, in order");
    }

    @Test
    void changesStillInTheirWindowGoOutWhenTheServerCloses() throws Exception {
        BlockingQueue<Object[]> batches = batchesOfJob1(Duration.ofMinutes(5));
        TopicChanges.emit(chat.server().emitter(), "logs:job-1", "pending", 1, 3);
        TopicGrants.settle(alice);
        assertTrue(batches.isEmpty(), "the window is five minutes");

        chat.close();

        assertEquals(TopicChanges.versions(1, 3),
                versions(changesOf(batchesHolding(batches, 3, ChatServer.WAIT_SECONDS), "logs:job-1")),
                "the pending changes reached the client before the server let it go");
    }

    @Test
    void aBatchGoesOutOnceItHolds1000ChangesWithoutWaitingForTheWindow() throws Exception {
        BlockingQueue<Object[]> batches = batchesOfJob1(Duration.ofMinutes(5));

        TopicChanges.emit(chat.server().emitter(), "logs:job-1", "flood", 1, 1_001);

        // well before the five-minute window
        List<JSONObject> first = batchesHolding(batches, 1_000, 15);
        assertEquals(1, first.size(), "one batch");
        assertEquals(TopicChanges.versions(1, 1_000), versions(changesOf(first, "logs:job-1")));
        TopicGrants.settle(alice);
        assertTrue(batches.isEmpty(), "the 1,001st change waits for its window");
    }

    @Test
    void batchesEmittedWhileTheClientWasAwayAreRecovered() {
        startServer(b -> b.coalesceTopics("logs:", WINDOW));
        String token = ChatServer.token("alice");
        String pid;
        String sid;
        String offset;
        try (RawSioClient alice = RawSioClient.connect(chat.server().port(), Map.of("token", token))) {
            TopicGrants.subscribeOk(alice, "logs:job-1");
            TopicChanges.emit(chat.server().emitter(), "logs:job-1", "before", 1, 1);
            offset = alice.nextEvent("topic:batch").offset();
            pid = alice.reply().pid();
            sid = alice.reply().sid();
        }
        Awaitility.await("the server saw the drop").atMost(RawSioClient.WAIT)
                .until(() -> chat.server().stats().connectedSockets() == 0);
        long retained = chat.server().stats().retainedEvents();
        TopicChanges.emit(chat.server().emitter(), "logs:job-1", "away", 2, 20);
        Awaitility.await("a batch went out while alice was away").atMost(RawSioClient.WAIT)
                .until(() -> chat.server().stats().retainedEvents() > retained);

        try (RawSioClient again = RawSioClient.connect(chat.server().port(),
                Map.of("token", token, "pid", pid, "offset", offset))) {
            assertEquals(sid, again.reply().sid(), "recovered");
            assertEquals(TopicChanges.versions(2, 20), batchedVersions(again, 20), "the missed changes, in order");
            TopicChanges.emit(chat.server().emitter(), "logs:job-1", "live", 22, 1);
            assertEquals(List.of(22L), batchedVersions(again, 1), "then live batches, nothing twice");
        }
    }

    /** The versions of the changes in the next {@code topic:batch} events, until {@code count} were read. */
    private static List<Long> batchedVersions(RawSioClient client, int count) {
        List<Long> versions = new ArrayList<>();
        client.readEvents("topic:batch", event -> {
            event.payload().path("events").forEach((JsonNode change) -> versions.add(change.path("version").asLong()));
            return versions.size() >= count;
        });
        return versions;
    }
}
