package dev.syncio.it.demo;

import static dev.syncio.it.support.DemoFixture.call;
import static dev.syncio.it.support.DemoFixture.next;
import static dev.syncio.it.support.DemoFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.DemoFixture.Response;
import io.socket.client.Socket;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's orders board over REST ({@code /api/orders}), and its announcements on the topic
 * {@code orders} to a real Java socket client.
 */
class OrdersApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ORDER_FIELDS =
            Set.of("id", "number", "customer", "paid", "produced", "shipped", "version", "updatedAt");

    private DemoFixture demo;
    private String token;

    @BeforeEach
    void start() {
        demo = DemoFixture.start();
        token = demo.token("alice");
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void theSeededOrdersAreListedWithTheirFlagsAndVersions() {
        JsonNode orders = demo.get("/api/orders", token).expect(200).json();

        assertEquals(List.of("A-1001", "A-1002", "A-1003"),
                orders.findValuesAsText("number"), orders::toString);
        for (JsonNode order : orders) {
            assertEquals(ORDER_FIELDS, fields(order), order::toString);
            assertTrue(order.get("id").asText().startsWith("o_"), order::toString);
            assertEquals(1, order.get("version").asLong(), order::toString);
            Instant.parse(order.get("updatedAt").asText());
        }
    }

    @Test
    void aCreatedOrderStartsAtVersionOneWithNothingTickedAndIsListed() {
        JsonNode created = demo.post("/api/orders", token, Map.of("number", "  B-2001 ", "customer", "Initech"))
                .expect(201).json();

        assertEquals(ORDER_FIELDS, fields(created), created::toString);
        assertEquals("B-2001", created.get("number").asText(), "trimmed");
        assertEquals("Initech", created.get("customer").asText());
        assertEquals(List.of(false, false, false), flags(created));
        assertEquals(1, created.get("version").asLong());
        JsonNode listed = demo.get("/api/orders", token).expect(200).json();
        assertEquals(created, listed.get(listed.size() - 1));
    }

    @Test
    void aPatchAtTheCurrentVersionChangesOnlyTheNamedFlagsAndMovesTheVersionOn() {
        JsonNode order = order("A-1002"); // paid, not produced
        Response response = demo.patch(path(order), token, Map.of("produced", true, "version", 1)).expect(200);

        JsonNode updated = response.json();
        assertEquals(order.get("id"), updated.get("id"));
        assertEquals(List.of(true, true, false), flags(updated));
        assertEquals(2, updated.get("version").asLong());
        assertEquals(updated, order("A-1002"), "stored as answered");
    }

    @Test
    void aPatchNamingAnOlderVersionIsAConflictAndChangesNothing() {
        JsonNode order = order("A-1003");
        demo.patch(path(order), token, Map.of("paid", true, "version", 1)).expect(200);

        Response stale = demo.patch(path(order), demo.token("bob"), Map.of("shipped", true, "version", 1));

        assertEquals(409, stale.status(), stale::body);
        assertEquals("conflict", stale.errorCode());
        JsonNode stored = order("A-1003");
        assertEquals(2, stored.get("version").asLong());
        assertEquals(List.of(true, false, false), flags(stored));
    }

    @Test
    void aPatchOfAnUnknownOrderIsNotFound() {
        Response response = demo.patch("/api/orders/o_unknown", token, Map.of("paid", true, "version", 1));

        assertEquals(404, response.status(), response::body);
        assertEquals("not_found", response.errorCode());
    }

    @Test
    void invalidPayloadsAreRefusedWithTheFieldNamed() {
        String path = path(order("A-1003"));
        Map<String, Object> noVersion = Map.of("paid", true);
        Map<String, Object> noFlag = Map.of("version", 1);
        Map<String, Object> textFlag = Map.of("paid", "true", "version", 1);
        Map<String, Object> numberFlag = Map.of("paid", 1, "version", 1);
        Map<String, Object> fractionVersion = Map.of("paid", true, "version", 1.5);
        Map<String, Object> textVersion = Map.of("paid", true, "version", "1");
        Map<String, Object> zeroVersion = Map.of("paid", true, "version", 0);
        for (Map<String, Object> body : List.of(noVersion, noFlag, textFlag, numberFlag, fractionVersion, textVersion,
                zeroVersion)) {
            Response response = demo.patch(path, token, body);
            assertEquals(400, response.status(), () -> body + " -> " + response.body());
            assertEquals("invalid_payload", response.errorCode());
        }
        Response notJson = demo.request("PATCH", path, Map.of("Authorization", "Bearer " + token), "{paid:");
        assertEquals(400, notJson.status(), notJson::body);
        assertEquals("invalid_payload", notJson.errorCode());

        List<Map<String, Object>> badOrders = List.of(Map.of("customer", "x"), Map.of("number", "B-1"),
                Map.of("number", " ", "customer", "x"), Map.of("number", "N".repeat(33), "customer", "x"),
                Map.of("number", "B-1", "customer", "C".repeat(201)), Map.of("number", 7, "customer", "x"));
        for (Map<String, Object> body : badOrders) {
            Response response = demo.post("/api/orders", token, body);
            assertEquals(400, response.status(), () -> body + " -> " + response.body());
            assertEquals("invalid_payload", response.errorCode());
        }
        assertEquals(1, order("A-1003").get("version").asLong(), "nothing was changed");
    }

    @Test
    void aNumberThatIsTakenIsAConflict() {
        Response response = demo.post("/api/orders", token, Map.of("number", "A-1001", "customer", "Copycat"));

        assertEquals(409, response.status(), response::body);
        assertEquals("conflict", response.errorCode());
    }

    @Test
    void everyEndpointNeedsALogin() {
        String path = path(order("A-1001"));
        for (Response response : List.of(demo.get("/api/orders", null),
                demo.post("/api/orders", null, Map.of("number", "B-1", "customer", "x")),
                demo.patch(path, null, Map.of("paid", true, "version", 1)),
                demo.patch(path, "not-a-token", Map.of("paid", true, "version", 1)))) {
            assertEquals(401, response.status(), response::body);
            assertEquals("unauthorized", response.errorCode());
        }
        assertEquals(1, order("A-1001").get("version").asLong());
    }

    @Test
    void aSubscribedClientHearsEveryStoredChangeWithItsDataAndVersionAndNothingOfARefusedOne() throws Exception {
        Socket bob = demo.connectAndSubscribe("bob", "orders");
        BlockingQueue<Object[]> bobGets = record(bob, "resource:changed");

        JsonNode created = demo.post("/api/orders", token, Map.of("number", "B-3001", "customer", "Umbrella"))
                .expect(201).json();
        assertChange(next(bobGets), "created", created);

        JsonNode patched = demo.patch(path(created), token, Map.of("paid", true, "version", 1)).expect(200).json();
        assertChange(next(bobGets), "updated", patched);

        demo.patch(path(created), token, Map.of("shipped", true, "version", 1)).expect(409);
        JsonNode again = demo.patch(path(created), token, Map.of("produced", true, "version", 2)).expect(200).json();
        // barrier: the next event is the later, stored change; the refused one was never announced
        assertChange(next(bobGets), "updated", again);
        assertTrue(bobGets.isEmpty(), () -> "unexpected: " + bobGets.peek()[0]);
    }

    @Test
    void aClientThatDidNotSubscribeHearsNothingAndOtherTopicsAreForbidden() throws Exception {
        Socket carol = demo.connect("carol");
        BlockingQueue<Object[]> carolGets = record(carol, "resource:changed");
        JSONObject refused = call(carol, "subscribe", Map.of("topic", "payroll"));
        assertEquals(false, refused.opt("ok"), refused::toString);
        assertEquals("forbidden", refused.getJSONObject("error").optString("code"), refused::toString);

        Socket bob = demo.connectAndSubscribe("bob", "orders");
        BlockingQueue<Object[]> bobGets = record(bob, "resource:changed");
        JsonNode created = demo.post("/api/orders", token, Map.of("number", "B-4001", "customer", "Hooli"))
                .expect(201).json();
        assertChange(next(bobGets), "created", created);
        assertTrue(carolGets.isEmpty(), () -> "carol was not subscribed: " + carolGets.peek()[0]);
    }

    private void assertChange(JSONObject event, String action, JsonNode order) throws Exception {
        assertEquals(Set.of("id", "topic", "resource", "action", "resourceId", "data", "version", "at"),
                keys(event), event::toString);
        assertEquals("orders", event.optString("topic"));
        assertEquals("order", event.optString("resource"));
        assertEquals(action, event.optString("action"));
        assertEquals(order.get("id").asText(), event.optString("resourceId"));
        assertEquals(order.get("version").asLong(), event.optLong("version"));
        assertEquals(order, JSON.readTree(event.getJSONObject("data").toString()), "the data is the stored order");
    }

    private static Set<String> keys(JSONObject object) {
        Set<String> keys = new HashSet<>();
        object.keys().forEachRemaining(key -> keys.add(String.valueOf(key)));
        return keys;
    }

    private JsonNode order(String number) {
        for (JsonNode order : demo.get("/api/orders", token).expect(200).json()) {
            if (number.equals(order.get("number").asText())) {
                return order;
            }
        }
        throw new AssertionError("no order " + number);
    }

    private static String path(JsonNode order) {
        return "/api/orders/" + order.get("id").asText();
    }

    private static List<Boolean> flags(JsonNode order) {
        return List.of(order.get("paid").asBoolean(), order.get("produced").asBoolean(),
                order.get("shipped").asBoolean());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
