package dev.syncio.it.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Socket.IO CONNECT to namespaces, over WebSocket and polling ("connect" section of the Socket.IO suite). */
class SocketIoConnectTest extends ConformanceTestBase {

    /** Asserts a CONNECT answer {@code 40<nsp>{"sid":"..."}} whose payload has exactly one key, sid. */
    static String assertConnected(String packet, String prefix) {
        assertTrue(packet.startsWith(prefix + "{"), () -> "expected " + prefix + "{...}, got " + packet);
        JsonNode handshake = RawEngineClient.json(packet.substring(prefix.length()));
        Set<String> keys = new HashSet<>();
        handshake.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("sid"), keys, packet);
        assertTrue(handshake.get("sid").isTextual(), packet);
        assertFalse(handshake.get("sid").asText().isEmpty(), packet);
        return handshake.get("sid").asText();
    }

    private RawEngineClient.Ws engineSession() {
        return socketIo().openWebSocketSession().autoPong(true);
    }

    @Test
    void connectsToTheMainNamespace() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("40");
        assertConnected(ws.nextText(), "40");
        assertEquals("42[\"auth\",{}]", ws.nextText());
    }

    @Test
    void connectsToTheMainNamespaceWithAPayload() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("40{\"token\":\"123\"}");
        assertConnected(ws.nextText(), "40");
        assertEquals("42[\"auth\",{\"token\":\"123\"}]", ws.nextText());
    }

    @Test
    void connectsToACustomNamespace() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("40/custom,");
        assertConnected(ws.nextText(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{}]", ws.nextText());
    }

    @Test
    void connectsToACustomNamespaceWithoutTheTrailingComma() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("40/custom");
        assertConnected(ws.nextText(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{}]", ws.nextText());
    }

    @Test
    void connectsToACustomNamespaceWithAPayload() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("40/custom,{\"token\":\"abc\"}");
        assertConnected(ws.nextText(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{\"token\":\"abc\"}]", ws.nextText());
    }

    @Test
    void givesEachNamespaceConnectionItsOwnSid() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("40");
        String main = assertConnected(ws.nextText(), "40");
        assertEquals("42[\"auth\",{}]", ws.nextText());
        ws.send("40/custom,");
        String custom = assertConnected(ws.nextText(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{}]", ws.nextText());
        assertNotEquals(main, custom);
    }

    @Test
    void refusesAnUnknownNamespace() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("40/random");
        assertEquals("44/random,{\"message\":\"Invalid namespace\"}", ws.nextText());
    }

    @Test
    void keepsTheEngineIoConnectionAfterRefusingAnUnknownNamespace() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("40/random,");
        assertEquals("44/random,{\"message\":\"Invalid namespace\"}", ws.nextText());
        ws.send("40");
        assertConnected(ws.nextText(), "40");
    }

    @Test
    void closesTheConnectionUponAnInvalidHandshake() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("4abc");
        ws.assertClosedByServer();
    }

    @Test
    void closesTheConnectionUponACONNECTWithAPayloadThatIsNotAnObject() {
        RawEngineClient.Ws ws = engineSession();
        ws.send("40[\"not\",\"an\",\"object\"]");
        ws.assertClosedByServer();
    }

    @Test
    void closesTheConnectionWhenNoConnectArrivesWithinConnectTimeout() {
        // pings are answered, so only the missing CONNECT can end this connection
        RawEngineClient.Ws ws = engineSession();
        ws.assertClosedByServer();
        assertTrue(ws.pending().stream().allMatch(m -> m.equals("1")), () -> "received " + ws.pending());
    }

    @Test
    void connectsOverPolling() {
        RawEngineClient client = socketIo();
        String sid = client.handshake();
        assertEquals("ok", client.push(sid, "40{\"token\":\"p\"}").body());
        List<String> packets = client.pollPackets(sid, 2);
        assertConnected(packets.get(0), "40");
        assertEquals("42[\"auth\",{\"token\":\"p\"}]", packets.get(1));
    }

    @Test
    void refusesAnUnknownNamespaceOverPolling() {
        RawEngineClient client = socketIo();
        String sid = client.handshake();
        assertEquals("ok", client.push(sid, "40/random,").body());
        assertEquals(List.of("44/random,{\"message\":\"Invalid namespace\"}"), client.pollPackets(sid, 1));
    }
}
