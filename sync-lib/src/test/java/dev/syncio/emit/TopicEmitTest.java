package dev.syncio.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.event.ChangeAction;
import dev.syncio.event.Payloads;
import dev.syncio.protocol.Mappers;
import dev.syncio.protocol.SioEncoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicEmitTest {

    private final ObjectMapper mapper = Mappers.wire();
    private final List<Broadcast> published = new ArrayList<>();
    private final List<Payloads.ResourceChanged> held = new ArrayList<>();

    private EmitterImpl emitter(Coalescer coalescer) {
        return new EmitterImpl(new SioEncoder(mapper), published::add, "/", coalescer);
    }

    /** The event name and first argument of a published packet ({@code 2["name",{...}]}). */
    private JsonNode packet(Broadcast broadcast) throws Exception {
        String text = broadcast.packet().text();
        return mapper.readTree(text.substring(text.indexOf('[')));
    }

    @Test
    void changedSendsResourceChangedToTheTopicsRoomWithEveryFieldOfTheContract() throws Exception {
        Instant before = Instant.now();
        emitter(Coalescer.NONE).toTopic("orders").changed("order", ChangeAction.UPDATED, "o-7",
                Map.of("id", "o-7", "paid", true), 3);

        assertEquals(1, published.size());
        Broadcast b = published.get(0);
        assertEquals(Set.of("topic:orders"), b.target().rooms());
        assertTrue(b.retained(), "topic events are recovered like conversation events");
        JsonNode args = packet(b);
        assertEquals("resource:changed", args.get(0).asText());
        JsonNode change = args.get(1);
        assertEquals(List.of("id", "topic", "resource", "action", "resourceId", "data", "version", "at"),
                fieldNames(change));
        assertFalse(change.get("id").asText().isBlank());
        assertEquals("orders", change.get("topic").asText());
        assertEquals("order", change.get("resource").asText());
        assertEquals("updated", change.get("action").asText());
        assertEquals("o-7", change.get("resourceId").asText());
        assertTrue(change.get("data").get("paid").asBoolean());
        assertTrue(change.get("version").isIntegralNumber());
        assertEquals(3, change.get("version").asLong());
        Instant at = Instant.parse(change.get("at").asText());
        assertFalse(at.isBefore(before.minusMillis(1)), "at is the emit's time, ISO-8601");
    }

    @Test
    void eachChangeHasItsOwnId() throws Exception {
        EmitterImpl orders = emitter(Coalescer.NONE).toTopic("orders");
        orders.changed("order", ChangeAction.CREATED, "o-1", null, 1);
        orders.changed("order", ChangeAction.DELETED, "o-1", null, 2);
        assertFalse(packet(published.get(0)).get(1).get("id").equals(packet(published.get(1)).get(1).get("id")));
        assertTrue(packet(published.get(1)).get(1).get("data").isNull());
        assertEquals("deleted", packet(published.get(1)).get(1).get("action").asText());
    }

    @Test
    void changedNeedsExactlyOneTopic() {
        assertThrows(IllegalStateException.class,
                () -> emitter(Coalescer.NONE).toConversation("c1").changed("order", ChangeAction.CREATED, "o", null, 1));
        assertThrows(IllegalStateException.class, () -> emitter(Coalescer.NONE).toTopic("a").toTopic("b")
                .changed("order", ChangeAction.CREATED, "o", null, 1));
        assertThrows(IllegalArgumentException.class, () -> emitter(Coalescer.NONE).toTopic(" "));
        assertTrue(published.isEmpty());
    }

    @Test
    void aCoalescerThatTakesTheChangeLeavesNothingToPublishNow() {
        Coalescer takesAll = (target, change) -> held.add(change);
        emitter(takesAll).toTopic("logs:1").changed("line", ChangeAction.CREATED, "1", "hello", 1);
        assertTrue(published.isEmpty());
        assertEquals("logs:1", held.get(0).topic());

        emitter(takesAll).toTopic("logs:1").volatileEvents().changed("line", ChangeAction.CREATED, "2", "x", 2);
        assertEquals(1, published.size(), "a change recovery does not keep is not coalesced");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
