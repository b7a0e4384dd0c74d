package dev.syncio.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.protocol.EncodedPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetsTest {

    @Test
    void theOffsetBecomesTheEventsLastArgument() {
        EncodedPacket packet = new EncodedPacket("2[\"message:new\",{\"id\":\"m1\"}]", List.of());
        assertEquals("2[\"message:new\",{\"id\":\"m1\"},\"1733368000000-3\"]",
                Offsets.append(packet, "1733368000000-3").text());
    }

    @Test
    void aNamespacedBinaryEventKeepsItsAttachments() {
        byte[] bytes = {1, 2, 3};
        EncodedPacket packet = new EncodedPacket("51-/chat,[\"file\",{\"_placeholder\":true,\"num\":0}]", List.of(bytes));
        EncodedPacket withOffset = Offsets.append(packet, "42");
        assertEquals("51-/chat,[\"file\",{\"_placeholder\":true,\"num\":0},\"42\"]", withOffset.text());
        assertEquals(1, withOffset.attachments().size());
    }

    @Test
    void streamIdsAndSequenceNumbersAreValidAnythingElseIsNot() {
        assertTrue(Offsets.valid("42"));
        assertTrue(Offsets.valid("1733368000000-0"));
        for (Object bad : new Object[] {null, 42, "", "-1", "1-", "-", "1-2-3", "abc", "1e3", " 1", "١٢",
                "99999999999999999999", "1".repeat(50)}) {
            assertFalse(Offsets.valid(bad), String.valueOf(bad));
        }
    }

    @Test
    void offsetsOrderByMillisecondsThenSequence() {
        assertTrue(Offsets.compare("1000-5", "1001-0") < 0);
        assertTrue(Offsets.compare("1001-0", "1000-5") > 0);
        assertTrue(Offsets.compare("1000-5", "1000-10") < 0, "numerically, not as text");
        assertEquals(0, Offsets.compare("7", "7"));
        assertTrue(Offsets.compare("9", "10") < 0);
        assertThrows(IllegalArgumentException.class, () -> Offsets.compare("x", "1"));
    }
}
