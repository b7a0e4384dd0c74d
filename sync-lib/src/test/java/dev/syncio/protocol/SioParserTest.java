package dev.syncio.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SioParserTest {

    private final SioParser parser = new SioParser(new ObjectMapper());

    @Test
    void parsesConnectToTheMainNamespaceWithoutPayload() throws Exception {
        SioPacket p = parser.parse("0");
        assertEquals(SioPacketType.CONNECT, p.type());
        assertEquals("/", p.namespace());
        assertNull(p.data());
    }

    @Test
    void parsesConnectToACustomNamespaceWithAuthPayload() throws Exception {
        SioPacket p = parser.parse("0/custom,{\"token\":\"abc\"}");
        assertEquals("/custom", p.namespace());
        assertEquals("abc", p.data().get("token").asText());
    }

    @Test
    void parsesAnEventWithAckIdInANamespace() throws Exception {
        SioPacket p = parser.parse("2/chat,17[\"hello\",1]");
        assertEquals(SioPacketType.EVENT, p.type());
        assertEquals("/chat", p.namespace());
        assertEquals(17, p.ackId());
        assertEquals("hello", p.data().get(0).asText());
    }

    @Test
    void parsesABinaryEventWithItsAttachmentCount() throws Exception {
        SioPacket p = parser.parse("52-789[\"m\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertEquals(SioPacketType.BINARY_EVENT, p.type());
        assertEquals(2, p.attachments());
        assertEquals(789, p.ackId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "7", "2{}", "2[]", "2[1]", "2abc[\"m\"]", "3[1]", "31{}", "4{\"message\":\"x\"}",
            "1{}", "0[1]", "5-[\"m\"]", "5x-[\"m\"]", "5999-[\"m\"]", "2[\"connect\"]", "2[\"disconnect\"]",
            "2[\"m\"", "01{}"})
    void refusesMalformedPackets(String text) {
        assertThrows(InvalidPacketException.class, () -> parser.parse(text));
    }

    @Test
    void placeholdersAreReplacedByTheAttachmentsInOrder() throws Exception {
        SioPacket p = parser.parse("52-[\"m\",{\"a\":{\"_placeholder\":true,\"num\":1}},{\"_placeholder\":true,\"num\":0}]");
        JsonNode data = BinaryPlaceholders.reconstruct(p.data(), List.of(new byte[] {1}, new byte[] {2, 3}));
        assertArrayEquals(new byte[] {2, 3}, data.get(1).get("a").binaryValue());
        assertArrayEquals(new byte[] {1}, data.get(2).binaryValue());
    }

    @Test
    void aPlaceholderPointingPastTheAttachmentsIsRefused() throws Exception {
        SioPacket p = parser.parse("51-[\"m\",{\"_placeholder\":true,\"num\":3}]");
        assertThrows(InvalidPacketException.class, () -> BinaryPlaceholders.reconstruct(p.data(), List.of(new byte[0])));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2\u0661[\"m\"]",          // ARABIC-INDIC DIGIT ONE as an ack id
            "2\uff11\uff12[\"m\"]",    // fullwidth digits
            "2/chat,\u0967[\"m\"]",    // DEVANAGARI DIGIT ONE after a namespace
            "3\u0661[]",                // an ACK whose id is not ASCII
            "5\u0661-[\"m\",{\"_placeholder\":true,\"num\":0}]"}) // a non-ASCII attachment count
    void refusesNonAsciiDigits(String text) {
        assertThrows(InvalidPacketException.class, () -> parser.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2[\"m\"]x", "2[\"m\"][\"n\"]", "2[\"m\"]{}", "0{\"token\":\"t\"}garbage",
            "0{} {}", "31[1]]", "2[\"m\"] 1"})
    void refusesDataAfterTheJsonPayload(String text) {
        assertThrows(InvalidPacketException.class, () -> parser.parse(text));
    }

    @Test
    void aSecondJsonValueIsNamedInTheRefusal() {
        InvalidPacketException e = assertThrows(InvalidPacketException.class, () -> parser.parse("2[\"m\"][\"n\"]"));
        assertEquals("data after the JSON payload", e.getMessage());
    }

    @Test
    void acceptsWhitespaceAfterTheJsonPayload() throws Exception {
        assertEquals("m", parser.parse("2[\"m\"] \n").data().get(0).asText());
    }

    @Test
    void refusesPayloadsNestedDeeperThanTheLimit() throws Exception {
        int depth = SioParser.MAX_NESTING_DEPTH;
        // the event's array counts: ["m", [[...]]] with depth - 1 inner arrays is exactly the limit
        String ok = "2[\"m\"," + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "]";
        assertEquals(SioPacketType.EVENT, parser.parse(ok).type());
        String deep = "2[\"m\"," + "[".repeat(depth) + "]".repeat(depth) + "]";
        InvalidPacketException e = assertThrows(InvalidPacketException.class, () -> parser.parse(deep));
        assertEquals("payload nested deeper than " + depth, e.getMessage());
        String objectsAtLimit = "0" + "{\"a\":".repeat(depth - 1) + "1" + "}".repeat(depth - 1);
        assertEquals(SioPacketType.CONNECT, parser.parse(objectsAtLimit).type());
        String deepObjects = "0" + "{\"a\":".repeat(depth + 1) + "1" + "}".repeat(depth + 1);
        assertThrows(InvalidPacketException.class, () -> parser.parse(deepObjects));
        // an attacker's 100,000 brackets are refused, not a StackOverflowError
        String huge = "2[\"m\"," + "[".repeat(100_000);
        assertThrows(InvalidPacketException.class, () -> parser.parse(huge));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "0.0", "1e0", "\"0\"", "true", "-1", "99999999999"})
    void refusesAPlaceholderWhoseNumIsNotAnAttachmentIndex(String num) throws Exception {
        SioPacket p = parser.parse("52-[\"m\",{\"_placeholder\":true,\"num\":" + num + "}]");
        assertThrows(InvalidPacketException.class,
                () -> BinaryPlaceholders.reconstruct(p.data(), List.of(new byte[] {1}, new byte[] {2})));
    }

    @Test
    void onlyABooleanTrueMakesAPlaceholder() throws Exception {
        SioPacket p = parser.parse("51-[\"m\",{\"_placeholder\":\"yes\",\"num\":0},{\"_placeholder\":true,\"num\":0}]");
        JsonNode data = BinaryPlaceholders.reconstruct(p.data(), List.of(new byte[] {7}));
        assertEquals("yes", data.get(1).get("_placeholder").asText(), "not a placeholder: left as it is");
        assertArrayEquals(new byte[] {7}, data.get(2).binaryValue());
    }
}
