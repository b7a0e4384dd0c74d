package dev.syncio.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SioEncoderTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final SioEncoder encoder = new SioEncoder(mapper);

    @Test
    void encodesAPlainEventOnTheMainNamespace() {
        EncodedPacket p = encoder.event("/", "message-back", List.of(1, "2", Map.of("3", List.of(true))), -1);
        assertEquals("2[\"message-back\",1,\"2\",{\"3\":[true]}]", p.text());
        assertEquals(0, p.attachments().size());
    }

    @Test
    void encodesNamespaceAndAckId() {
        assertEquals("2/custom,5[\"e\"]", encoder.event("/custom", "e", List.of(), 5).text());
        assertEquals("3/custom,456[1]", encoder.ack("/custom", 456, List.of(1)).text());
    }

    @Test
    void binaryArgumentsBecomeAttachmentsWithPlaceholders() {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6};
        EncodedPacket p = encoder.event("/", "m", List.of(a, Map.of("nested", b)), -1);
        assertEquals("52-[\"m\",{\"_placeholder\":true,\"num\":0},{\"nested\":{\"_placeholder\":true,\"num\":1}}]", p.text());
        assertArrayEquals(a, p.attachments().get(0));
        assertArrayEquals(b, p.attachments().get(1));
    }

    @Test
    void binaryAckUsesTheBinaryAckType() {
        EncodedPacket p = encoder.ack("/", 789, List.of(new byte[] {9}));
        assertEquals("61-789[{\"_placeholder\":true,\"num\":0}]", p.text());
    }

    @Test
    void nullArgumentsAreKept() {
        assertEquals("2[\"e\",null,1]", encoder.event("/", "e", Arrays.asList(null, 1), -1).text());
    }

    @Test
    void connectReplyAndErrorAndDisconnect() {
        assertEquals("0{\"sid\":\"x\"}", encoder.connect("/", mapper.createObjectNode().put("sid", "x")).text());
        assertEquals("4/random,{\"message\":\"Invalid namespace\"}",
                encoder.connectError("/random", mapper.createObjectNode().put("message", "Invalid namespace")).text());
        assertEquals("1/custom,", encoder.disconnect("/custom").text());
    }

    @Test
    void valuesAndTheirJsonTreesEncodeToTheSameText() {
        record Note(String id, java.time.Instant at, byte[] file, Map<String, Object> meta) {
        }
        ObjectMapper wire = Mappers.wire();
        SioEncoder wireEncoder = new SioEncoder(wire);
        Note note = new Note("n1", java.time.Instant.parse("2026-12-05T01:02:03Z"), new byte[] {7, 8},
                Map.of("pages", List.of(1, 2)));
        EncodedPacket direct = wireEncoder.event("/chat", "note", List.of(note, "x"), 12);
        EncodedPacket viaTree = wireEncoder.event("/chat", "note", List.of(wire.valueToTree(note), "x"), 12);
        assertEquals("51-/chat,12[\"note\",{\"id\":\"n1\",\"at\":\"2026-12-05T01:02:03Z\",\"file\":"
                + "{\"_placeholder\":true,\"num\":0},\"meta\":{\"pages\":[1,2]}},\"x\"]", direct.text());
        assertEquals(direct.text(), viaTree.text());
        assertArrayEquals(new byte[] {7, 8}, direct.attachments().get(0));
        assertArrayEquals(new byte[] {7, 8}, viaTree.attachments().get(0));
    }

    @Test
    void aByteBufferBecomesAnAttachmentOfItsRemainingBytes() {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        buffer.position(1);
        EncodedPacket p = encoder.event("/", "b", List.of(buffer), -1);
        assertEquals("51-[\"b\",{\"_placeholder\":true,\"num\":0}]", p.text());
        assertArrayEquals(new byte[] {2, 3, 4}, p.attachments().get(0));
        assertEquals(1, buffer.position(), "the caller's buffer is not consumed");
    }

    @Test
    void binaryOutsideAnEncodingIsPlainBase64() throws Exception {
        encoder.event("/", "warm", List.of(new byte[] {1}), -1);
        assertEquals("\"AQ==\"", mapper.writeValueAsString(new byte[] {1}), "the host's own mapper is untouched");
    }

    @Test
    void aPayloadJacksonCannotWriteIsAClearError() {
        Object unwritable = new Object() {
            public Object getSelf() {
                return this;
            }
        };
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> encoder.event("/", "e", List.of(unwritable), -1));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("payload cannot be serialised as JSON"),
                e.getMessage());
    }
}
