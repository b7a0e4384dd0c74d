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
}
