package dev.syncio.it.topic;

import static dev.syncio.it.support.ChatServer.keys;
import static dev.syncio.it.support.ChatServer.next;
import static dev.syncio.it.support.ChatServer.record;
import static dev.syncio.it.support.TopicGrants.subscribeOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncEmitter;
import dev.syncio.event.ChangeAction;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.EventArgs;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.TopicGrants;
import io.socket.client.Socket;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code emitter().toTopic(t).changed(...)} as the Java client receives it:
 * {@code resource:changed {id, topic, resource, action, resourceId, data, version, at}} with
 * exactly those fields, an ISO-8601 UTC {@code at}, the action in lower case, the version a
 * number, the data an object, a unique {@code id} per event and the offset of a retained event
 * after it; {@code changed} without exactly one topic fails in the caller.
 */
class ResourceChangedShapeTest {

    /** ISO-8601 in UTC with a {@code Z}, optional fraction: {@code 2026-11-22T10:15:30.123Z}. */
    private static final Pattern ISO_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Set<String> FIELDS = Set.of("id", "topic", "resource", "action", "resourceId", "data",
            "version", "at");

    private final TopicGrants grants = new TopicGrants().allow("alice", "orders", "jobs:42:log");
    private ChatServer chat;
    private JavaClients clients;
    private Socket alice;

    @BeforeEach
    void start() {
        chat = ChatServer.start(b -> b.topicAccess(grants.access()));
        clients = new JavaClients();
        alice = chat.connect(clients, "alice");
    }

    @AfterEach
    void stop() {
        clients.close();
        chat.close();
    }

    private SyncEmitter orders() {
        return chat.server().emitter().toTopic("orders");
    }

    @Test
    void resourceChangedCarriesTheChangeAsTheHostGaveIt() throws Exception {
        subscribeOk(alice, "orders");
        BlockingQueue<Object[]> changes = record(alice, "resource:changed");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "o-17");
        order.put("status", "shipped");
        order.put("total", 129.5);
        order.put("lines", List.of(Map.of("sku", "A-1", "qty", 2)));
        Instant before = Instant.now();

        orders().changed("order", ChangeAction.UPDATED, "o-17", order, 7);

        Object[] args = JavaClients.next(changes);
        assertTrue(EventArgs.offset(args) != null, "a retained event: its offset follows the payload");
        JSONObject event = EventArgs.payload(args);
        assertEquals(FIELDS, keys(event), event::toString);
        assertTrue(event.opt("id") instanceof String id && !id.isBlank(), () -> "a non-empty string id: " + event);
        assertEquals("orders", event.opt("topic"));
        assertEquals("order", event.opt("resource"));
        assertEquals("updated", event.opt("action"));
        assertEquals("o-17", event.opt("resourceId"));
        assertNotEquals("o-17", event.opt("id"), "the event id is not the resource's id");
        assertTrue(event.opt("version") instanceof Number, () -> "version is a number: " + event);
        assertEquals(7L, event.getLong("version"));
        JSONObject data = event.optJSONObject("data");
        assertEquals(Set.of("id", "status", "total", "lines"), keys(data), () -> "data is the object given: " + event);
        assertEquals("shipped", data.opt("status"));
        assertEquals(129.5, data.getDouble("total"));
        assertEquals(2, data.getJSONArray("lines").getJSONObject(0).getInt("qty"));
        Object at = event.opt("at");
        assertTrue(at instanceof String text && ISO_UTC.matcher(text).matches(), () -> "at is ISO-8601 UTC: " + at);
        Instant instant = Instant.parse((String) at);
        assertTrue(!instant.isBefore(before.minusSeconds(1)) && !instant.isAfter(Instant.now().plusSeconds(1)),
                () -> instant + " is the time of the emit (" + before + ")");
    }

    @ParameterizedTest
    @EnumSource(ChangeAction.class)
    void actionsAreLowerCaseWords(ChangeAction action) {
        subscribeOk(alice, "orders");
        BlockingQueue<Object[]> changes = record(alice, "resource:changed");
        orders().changed("order", action, "o-1", Map.of("id", "o-1"), 1);
        assertEquals(action.name().toLowerCase(Locale.ROOT), next(changes).opt("action"));
        assertTrue(List.of("created", "updated", "deleted").contains(action.name().toLowerCase(Locale.ROOT)));
    }

    @Test
    void versionsBeyondIntAndEveryEventIdAreKept() throws Exception {
        subscribeOk(alice, "orders");
        BlockingQueue<Object[]> changes = record(alice, "resource:changed");
        long big = (1L << 53) - 1; // the largest a JavaScript client reads exactly
        orders().changed("order", ChangeAction.CREATED, "o-1", Map.of(), 0);
        orders().changed("order", ChangeAction.UPDATED, "o-1", Map.of(), big);
        orders().changed("order", ChangeAction.UPDATED, "o-1", Map.of(), big); // the same change twice

        JSONObject first = next(changes);
        JSONObject second = next(changes);
        JSONObject third = next(changes);
        assertEquals(0L, first.getLong("version"));
        assertEquals(big, second.getLong("version"));
        assertEquals(big, third.getLong("version"));
        Set<Object> ids = new HashSet<>(List.of(first.opt("id"), second.opt("id"), third.opt("id")));
        assertEquals(3, ids.size(), "every event has an id of its own, even for the same change: " + ids);
    }

    /** What the documented listener applied. */
    private final List<JSONObject> applied = new CopyOnWriteArrayList<>();

    private void apply(JSONObject change) {
        applied.add(change);
    }

    @Test
    void theDocumentedListenerKeepsTheNewestVersion() {
        subscribeOk(alice, "orders");
        Socket socket = alice;

        // docs/topics.md: versions
        Map<String, Long> versions = new ConcurrentHashMap<>();
        socket.on("resource:changed", args -> {
            JSONObject change = (JSONObject) args[0]; // args[1], if any, is the event's offset
            Long held = versions.get(change.optString("resourceId"));
            if (held != null && change.optLong("version") <= held) {
                return; // not newer than what we have
            }
            versions.put(change.optString("resourceId"), change.optLong("version"));
            apply(change);
        });
        // end of docs

        versions.put("o-1", 5L); // fetched at version 5
        for (long version : List.of(3L, 6L, 6L, 4L, 7L)) {
            orders().changed("order", ChangeAction.UPDATED, "o-1", Map.of("version", version), version);
        }
        orders().changed("order", ChangeAction.CREATED, "o-2", Map.of(), 1);
        TopicGrants.settle(alice);
        assertEquals(List.of("o-1 6", "o-1 7", "o-2 1"),
                applied.stream().map(c -> c.optString("resourceId") + " " + c.optLong("version")).toList());
    }

    @Test
    void aDeletionWithoutDataStillNamesTheResource() throws Exception {
        subscribeOk(alice, "orders");
        BlockingQueue<Object[]> changes = record(alice, "resource:changed");
        orders().changed("order", ChangeAction.DELETED, "o-9", null, 4);

        JSONObject event = next(changes);
        assertEquals("deleted", event.opt("action"));
        assertEquals("o-9", event.opt("resourceId"));
        assertEquals(4L, event.getLong("version"));
        assertEquals(FIELDS, keys(event), () -> "every field of the contract, data included: " + event);
        assertEquals(JSONObject.NULL, event.opt("data"), () -> "no data: null: " + event);
    }

    @Test
    void theTopicFieldNamesTheTopicTheEventWasEmittedTo() {
        subscribeOk(alice, "orders");
        subscribeOk(alice, "jobs:42:log");
        BlockingQueue<Object[]> changes = record(alice, "resource:changed");
        chat.server().emitter().toTopic("jobs:42:log").changed("log", ChangeAction.CREATED, "line-1",
                Map.of("text", "build started"), 1);
        orders().changed("order", ChangeAction.CREATED, "o-2", Map.of(), 1);

        assertEquals(List.of("jobs:42:log", "orders"), List.of(next(changes).opt("topic"), next(changes).opt("topic")));
    }

    @Test
    void changedWithoutExactlyOneTopicFailsInTheCaller() {
        SyncEmitter emitter = chat.server().emitter();
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> emitter.changed("order", ChangeAction.UPDATED, "o-1", Map.of(), 1));
        assertTrue(none.getMessage().contains("toTopic"), none::getMessage);
        assertThrows(IllegalStateException.class, () -> emitter.toConversation("c1")
                .changed("order", ChangeAction.UPDATED, "o-1", Map.of(), 1), "a conversation is not a topic");
        assertThrows(IllegalStateException.class, () -> emitter.toAll()
                .changed("order", ChangeAction.UPDATED, "o-1", Map.of(), 1), "everyone is not a topic");
        IllegalStateException two = assertThrows(IllegalStateException.class, () -> emitter.toTopic("orders")
                .toTopic("jobs:42:log").changed("order", ChangeAction.UPDATED, "o-1", Map.of(), 1));
        assertTrue(two.getMessage().contains("one topic"), two::getMessage);
    }

    @Test
    void aRefusedChangedSendsNothing() {
        subscribeOk(alice, "orders");
        BlockingQueue<Object[]> changes = record(alice, "resource:changed");
        assertThrows(IllegalStateException.class, () -> chat.server().emitter().toTopic("orders")
                .toTopic("jobs:42:log").changed("order", ChangeAction.UPDATED, "o-1", Map.of(), 1));
        TopicGrants.settle(alice);
        assertTrue(changes.isEmpty(), "a change went out although changed(...) threw: " + changes.size());
    }
}
