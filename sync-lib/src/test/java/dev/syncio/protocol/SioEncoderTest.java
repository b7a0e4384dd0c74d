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
}
