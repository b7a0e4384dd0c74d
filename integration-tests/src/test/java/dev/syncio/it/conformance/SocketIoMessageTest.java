package dev.syncio.it.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Socket.IO EVENT, ACK and their binary forms, and invalid packets ("message" section of the
 * Socket.IO suite), over WebSocket and over polling.
 */
class SocketIoMessageTest extends ConformanceTestBase {

    private static final String TWO_PLACEHOLDERS = "{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}";

    /** A WebSocket connected to the main namespace, answering pings by itself. */
    private RawEngineClient.Ws connected() {
        return SocketIoDisconnectTest.connectedSocket(socketIo()).autoPong(true);
    }

    @Test
    void echoesAPlainTextEvent() {
        RawEngineClient.Ws ws = connected();
        ws.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
        assertEquals("42[\"message-back\",1,\"2\",{\"3\":[true]}]", ws.nextText());
    }

    @Test
    void echoesAnEventInACustomNamespace() {
        RawEngineClient.Ws ws = connected();
        ws.send("40/custom,");
        SocketIoConnectTest.assertConnected(ws.nextText(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{}]", ws.nextText());
        ws.send("42/custom,[\"message\",\"x\",null,[]]");
        assertEquals("42/custom,[\"message-back\",\"x\",null,[]]", ws.nextText());
    }

    @Test
    void echoesAnEventWithBinaryAttachments() {
        RawEngineClient.Ws ws = connected();
        ws.send("452-[\"message\"," + TWO_PLACEHOLDERS + "]");
        ws.send(new byte[] {1, 2, 3});
        ws.send(new byte[] {4, 5, 6});
        assertEquals("452-[\"message-back\"," + TWO_PLACEHOLDERS + "]", ws.nextText());
        assertArrayEquals(new byte[] {1, 2, 3}, ws.nextBinary());
        assertArrayEquals(new byte[] {4, 5, 6}, ws.nextBinary());
    }

    @Test
    void echoesBinaryAttachmentsNestedInObjectsInOrder() {
        RawEngineClient.Ws ws = connected();
        ws.send("452-[\"message\",{\"a\":{\"_placeholder\":true,\"num\":1},\"b\":[{\"_placeholder\":true,\"num\":0}]}]");
        ws.send(new byte[] {10});
        ws.send(new byte[] {20, 30});
        String text = ws.nextText();
        // the attachments are renumbered in the order the server writes them; each placeholder
        // must still point at the bytes it pointed at
        JsonNode args = RawEngineClient.json(text.substring(text.indexOf('[')));
        byte[] first = ws.nextBinary();
        byte[] second = ws.nextBinary();
        List<byte[]> frames = List.of(first, second);
        assertEquals("message-back", args.get(0).asText());
        assertArrayEquals(new byte[] {20, 30}, frames.get(args.get(1).get("a").get("num").asInt()));
        assertArrayEquals(new byte[] {10}, frames.get(args.get(1).get("b").get(0).get("num").asInt()));
        assertTrue(text.startsWith("452-["), text);
    }

    @Test
    void acksAPlainTextEvent() {
        RawEngineClient.Ws ws = connected();
        ws.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertEquals("43456[1,\"2\",{\"3\":[false]}]", ws.nextText());
    }

    @Test
    void acksAnEventInACustomNamespace() {
        RawEngineClient.Ws ws = connected();
        ws.send("40/custom,");
        SocketIoConnectTest.assertConnected(ws.nextText(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{}]", ws.nextText());
        ws.send("42/custom,7[\"message-with-ack\",\"y\"]");
        assertEquals("43/custom,7[\"y\"]", ws.nextText());
    }

    @Test
    void acksAnEventWithBinaryAttachmentsWithABinaryAck() {
        RawEngineClient.Ws ws = connected();
        ws.send("452-789[\"message-with-ack\"," + TWO_PLACEHOLDERS + "]");
        ws.send(new byte[] {1, 2, 3});
        ws.send(new byte[] {4, 5, 6});
        assertEquals("462-789[" + TWO_PLACEHOLDERS + "]", ws.nextText());
        assertArrayEquals(new byte[] {1, 2, 3}, ws.nextBinary());
        assertArrayEquals(new byte[] {4, 5, 6}, ws.nextBinary());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4abc",                                           // unknown packet type
        "42{}",                                           // payload not an array
        "42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]", // invalid ack id
        "42[]",                                           // event without a name
        "42[\"message\"",                                 // truncated JSON
    })
    void closesTheConnectionUponAnInvalidPacket(String packet) {
        RawEngineClient.Ws ws = connected();
        ws.send(packet);
        ws.assertClosedByServer();
    }

    @Test
    void closesTheConnectionUponABinaryFrameNoPacketAnnounced() {
        RawEngineClient.Ws ws = connected();
        ws.send(new byte[] {1});
        ws.assertClosedByServer();
    }

    @Test
    void echoesABinaryEventOverPollingAsBase64Packets() {
        RawEngineClient client = socketIo();
        String sid = client.handshake();
        assertEquals("ok", client.push(sid, "40").body());
        List<String> connect = client.pollPackets(sid, 2);
        SocketIoConnectTest.assertConnected(connect.get(0), "40");
        assertEquals("42[\"auth\",{}]", connect.get(1));

        String sep = RawEngineClient.SEPARATOR;
        String one = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        String two = Base64.getEncoder().encodeToString(new byte[] {4, 5, 6});
        assertEquals("ok", client.push(sid, "452-[\"message\"," + TWO_PLACEHOLDERS + "]" + sep + "b" + one + sep + "b" + two).body());
        List<String> echo = client.pollPackets(sid, 3);
        assertEquals(List.of("452-[\"message-back\"," + TWO_PLACEHOLDERS + "]", "b" + one, "b" + two), echo);
    }

    @Test
    void echoesAPlainTextEventAndAcksOverPolling() {
        RawEngineClient client = socketIo();
        String sid = client.handshake();
        assertEquals("ok", client.push(sid, "40").body());
        client.pollPackets(sid, 2);
        String sep = RawEngineClient.SEPARATOR;
        assertEquals("ok", client.push(sid, "42[\"message\",\"p\"]" + sep + "4212[\"message-with-ack\",3]").body());
        assertEquals(List.of("42[\"message-back\",\"p\"]", "4312[3]"), client.pollPackets(sid, 2));
    }
}
