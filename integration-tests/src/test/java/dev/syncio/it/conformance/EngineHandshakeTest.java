package dev.syncio.it.conformance;

import static dev.syncio.it.conformance.RawEngineClient.assertEngineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Engine.IO handshake, on both endpoints (the Socket.IO one and the raw Engine.IO echo), as the
 * "handshake" sections of both official compliance suites check it.
 */
class EngineHandshakeTest extends ConformanceTestBase {

    private static final Set<String> OPEN_KEYS = Set.of("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");

    private static void assertOpenPacket(JsonNode open, String expectedUpgrades) {
        Set<String> keys = new HashSet<>();
        open.fieldNames().forEachRemaining(keys::add);
        assertEquals(OPEN_KEYS, keys, () -> "OPEN packet " + open);
        assertTrue(open.get("sid").isTextual(), () -> "sid must be a string: " + open);
        assertFalse(open.get("sid").asText().isEmpty());
        assertEquals(expectedUpgrades, open.get("upgrades").toString());
        assertTrue(open.get("pingInterval").isInt());
        assertEquals(300, open.get("pingInterval").asInt());
        assertEquals(200, open.get("pingTimeout").asInt());
        assertEquals(1_000_000, open.get("maxPayload").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void opensAPollingSessionWithAnOpenPacketOfExactlyTheProtocolKeys(String path) {
        RawEngineClient client = client(path);
        HttpResponse<String> response = client.get("EIO=4&transport=polling");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().startsWith("0"), response.body());
        assertOpenPacket(RawEngineClient.openPacket(response.body()), "[\"websocket\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void opensAWebSocketSessionWithNoFurtherUpgrades(String path) {
        RawEngineClient.Ws ws = client(path).openWebSocket("EIO=4&transport=websocket");
        String open = ws.nextText();
        assertTrue(open.startsWith("0"), open);
        assertOpenPacket(RawEngineClient.openPacket(open), "[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void givesEachSessionItsOwnId(String path) {
        RawEngineClient client = client(path);
        assertFalse(client.handshake().equals(client.handshake()));
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAPollingHandshakeWithoutEioWith400AndCode5(String path) {
        assertEngineError(client(path).get("transport=polling"), 400, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesANonNumericEioWith400AndCode5(String path) {
        assertEngineError(client(path).get("EIO=abc&transport=polling"), 400, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAnUnsupportedEioVersionWith400AndCode5(String path) {
        assertEngineError(client(path).get("EIO=3&transport=polling"), 400, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAMissingTransportWith400AndCode0(String path) {
        assertEngineError(client(path).get("EIO=4"), 400, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAnUnknownTransportWith400AndCode0(String path) {
        assertEngineError(client(path).get("EIO=4&transport=abc"), 400, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAPostHandshakeWith400(String path) {
        HttpResponse<String> response = client(path).request("POST", "EIO=4&transport=polling", "", Map.of());
        assertEngineError(response, 400, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAPutHandshakeWith400(String path) {
        HttpResponse<String> response = client(path).request("PUT", "EIO=4&transport=polling", "", Map.of());
        assertEngineError(response, 400, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAnUnknownSessionIdWith400AndCode1(String path) {
        RawEngineClient client = client(path);
        String unknown = UUID.randomUUID().toString();
        assertEngineError(client.poll(unknown), 400, 1);
        assertEngineError(client.push(unknown, "4hello"), 400, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesASessionIdThatIsNotAUuidWith400AndCode1(String path) {
        RawEngineClient client = client(path);
        assertEngineError(client.poll("abc"), 400, 1);
        String sid = client.handshake();
        assertEngineError(client.poll(sid + "x"), 400, 1);
        assertEngineError(client.poll("%2e%2e%2f"), 400, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAWebSocketHandshakeWithoutEioWith400(String path) {
        assertEquals(400, client(path).refusedWebSocketStatus("transport=websocket", Map.of()));
        assertEquals(400, client(path).refusedWebSocketStatus("EIO=abc&transport=websocket", Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAWebSocketHandshakeWithAnInvalidTransportWith400(String path) {
        assertEquals(400, client(path).refusedWebSocketStatus("EIO=4", Map.of()));
        assertEquals(400, client(path).refusedWebSocketStatus("EIO=4&transport=abc", Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {RawEngineClient.SOCKET_IO, RawEngineClient.ENGINE_IO})
    void refusesAWebSocketForAnUnknownSessionWith400(String path) {
        String query = "EIO=4&transport=websocket&sid=" + UUID.randomUUID();
        assertEquals(400, client(path).refusedWebSocketStatus(query, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/other/", "/socket.iox/", "/socket.io/extra", "/engine.io/extra"})
    void answersAPathOutsideTheEndpointsWith404(String path) {
        HttpResponse<String> response = client(path).get("EIO=4&transport=polling");
        assertEquals(404, response.statusCode(), response.body());
    }
}
