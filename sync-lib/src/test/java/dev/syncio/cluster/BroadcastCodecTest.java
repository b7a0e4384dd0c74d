package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.Target;
import dev.syncio.protocol.EncodedPacket;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.syncio.cluster.ClusterBusContract.assertSameBroadcast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The bytes of a broadcast on the bus: they round-trip, and garbage fails cleanly and cheaply. */
class BroadcastCodecTest {

    private static final Broadcast SAMPLE = new Broadcast(
            new Target("/chat", Set.of("conversation:1", "ü"), false, Set.of("s1", "s2"), Set.of("u1")),
            new EncodedPacket("51-[\"upload\",{\"_placeholder\":true,\"num\":0}]", List.of(new byte[]{0, -1, 42}, new byte[300])),
            true);

    @Test
    void roundTrips() {
        assertSameBroadcast(SAMPLE, BroadcastCodec.decode(BroadcastCodec.encode(SAMPLE)));
        Broadcast all = new Broadcast(new Target("/", Set.of(), true, Set.of(), Set.of()),
                new EncodedPacket("2[\"x\"]", List.of()), false);
        assertSameBroadcast(all, BroadcastCodec.decode(BroadcastCodec.encode(all)));
        Broadcast revocation = Broadcast.leave("/", "bob", "conversation 42");
        assertSameBroadcast(revocation, BroadcastCodec.decode(BroadcastCodec.encode(revocation)));
    }

    @Test
    void startsWithTheVersionAndStaysCompact() {
        Broadcast small = new Broadcast(new Target("/", Set.of("r"), false, Set.of(), Set.of()),
                new EncodedPacket("2[\"e\"]", List.of()), true);
        byte[] bytes = BroadcastCodec.encode(small);
        assertEquals(BroadcastCodec.VERSION, bytes[0]);
        assertEquals(2 + 2 + 3 + 1 + 1 + 7 + 1, bytes.length, "version, flags, '/', 1 room 'r', 0, 0, text, 0 attachments");
    }

    @Test
    void anUnknownVersionIsRefusedByName() {
        byte[] bytes = BroadcastCodec.encode(SAMPLE);
        bytes[0] = 9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BroadcastCodec.decode(bytes));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void everyTruncationAndTrailingBytesAreRefused() {
        byte[] bytes = BroadcastCodec.encode(SAMPLE);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(IllegalArgumentException.class, () -> BroadcastCodec.decode(cut), "cut at " + length);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(IllegalArgumentException.class, () -> BroadcastCodec.decode(longer));
    }

    @Test
    void hugeLengthsFailWithoutAllocating() {
        // the current version, flags 0, namespace length 2^31-1 (varint), then nothing
        byte[] hugeString = {BroadcastCodec.VERSION, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThrows(IllegalArgumentException.class, () -> BroadcastCodec.decode(hugeString));
        // a room count of 2^31-1
        byte[] hugeCount = {BroadcastCodec.VERSION, 0, 1, '/', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThrows(IllegalArgumentException.class, () -> BroadcastCodec.decode(hugeCount));
        // a varint that overflows an int, and one that never ends
        byte[] overflow = {BroadcastCodec.VERSION, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertThrows(IllegalArgumentException.class, () -> BroadcastCodec.decode(overflow));
        byte[] endless = {BroadcastCodec.VERSION, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertThrows(IllegalArgumentException.class, () -> BroadcastCodec.decode(endless));
    }

    @Test
    void anEntryOfAnotherVersionIsRefusedByName() {
        byte[] bytes = BroadcastCodec.encode(SAMPLE);
        bytes[0] = 1; // version 1 named a revocation's conversation, not its room
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BroadcastCodec.decode(bytes));
        assertTrue(e.getMessage().contains("unknown broadcast version 1"), e.getMessage());
    }

    @Test
    void randomGarbageOnlyEverFailsAsMalformed() {
        Random random = new Random(20261210);
        byte[] valid = BroadcastCodec.encode(SAMPLE);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage;
            if (i % 2 == 0) {
                garbage = new byte[random.nextInt(64)];
                random.nextBytes(garbage);
                if (garbage.length > 0) {
                    garbage[0] = BroadcastCodec.VERSION; // get past the version check
                }
            } else {
                garbage = valid.clone(); // a valid one with a few bytes flipped
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    garbage[random.nextInt(garbage.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                BroadcastCodec.decode(garbage);
            } catch (IllegalArgumentException expected) {
                // refused: fine
            } catch (RuntimeException | Error e) {
                fail("garbage " + Arrays.toString(garbage) + " failed with " + e);
            }
        }
    }
}
