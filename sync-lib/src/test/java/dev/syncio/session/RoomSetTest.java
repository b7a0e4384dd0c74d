package dev.syncio.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The copy-on-write room set of a socket: set semantics, snapshots, and changes from two threads. */
class RoomSetTest {

    @Test
    void addContainsRemoveAsASet() {
        RoomSet rooms = new RoomSet();
        assertTrue(rooms.snapshot().isEmpty());
        assertTrue(rooms.add("user:alice"));
        assertFalse(rooms.add("user:alice"), "already there");
        assertTrue(rooms.add("conversation:c1"));
        assertTrue(rooms.add("topic:t1"));
        assertTrue(rooms.contains("conversation:c1"));
        assertFalse(rooms.contains("conversation:c2"));
        assertEquals(Set.of("user:alice", "conversation:c1", "topic:t1"), rooms.snapshot());
        assertTrue(rooms.remove("conversation:c1"));
        assertFalse(rooms.remove("conversation:c1"), "already gone");
        assertFalse(rooms.contains("conversation:c1"));
        assertEquals(Set.of("user:alice", "topic:t1"), rooms.snapshot());
        assertTrue(rooms.remove("user:alice"));
        assertTrue(rooms.remove("topic:t1"));
        assertTrue(rooms.snapshot().isEmpty());
    }

    @Test
    void aSnapshotIsImmutableAndUnchangedByLaterChanges() {
        RoomSet rooms = new RoomSet();
        rooms.add("a");
        rooms.add("b");
        Set<String> before = rooms.snapshot();
        rooms.add("c");
        rooms.remove("a");
        assertEquals(Set.of("a", "b"), before);
        assertEquals(Set.of("b", "c"), rooms.snapshot());
        assertThrows(UnsupportedOperationException.class, () -> before.add("d"));
    }

    @Test
    void iteratingWhileChangingSeesTheSetAsItWasAndDoesNotFail() {
        RoomSet rooms = new RoomSet();
        for (int i = 0; i < 10; i++) {
            rooms.add("r" + i);
        }
        Set<String> seen = new HashSet<>();
        for (String room : rooms.snapshot()) { // what a socket's close does: leave each while iterating
            seen.add(room);
            rooms.remove(room);
            rooms.add(room + "-new");
        }
        assertEquals(10, seen.size());
        assertEquals(10, rooms.snapshot().size());
        assertTrue(rooms.contains("r3-new"));
    }

    @Test
    void holdsSeveralHundredRooms() {
        RoomSet rooms = new RoomSet();
        for (int i = 0; i < 400; i++) {
            assertTrue(rooms.add("topic:" + i));
        }
        for (int i = 0; i < 400; i++) {
            assertTrue(rooms.contains("topic:" + i));
        }
        for (int i = 0; i < 400; i += 2) {
            assertTrue(rooms.remove("topic:" + i));
        }
        assertEquals(200, rooms.snapshot().size());
        assertFalse(rooms.contains("topic:0"));
        assertTrue(rooms.contains("topic:1"));
    }

    @Test
    void concurrentAddsAndRemovesFromTwoThreadsLoseNothing() throws Exception {
        for (int round = 0; round < 20; round++) {
            RoomSet rooms = new RoomSet();
            rooms.add("shared");
            TwoThreads.run(name -> {
                for (int i = 0; i < 500; i++) {
                    assertTrue(rooms.add(name + i));
                    assertTrue(rooms.contains("shared"), "a change by the other thread never hides a room");
                    if (i % 2 == 0) {
                        assertTrue(rooms.remove(name + i));
                    }
                }
            });
            Set<String> expected = new HashSet<>();
            expected.add("shared");
            for (int i = 1; i < 500; i += 2) {
                expected.add("left" + i);
                expected.add("right" + i);
            }
            assertEquals(expected, rooms.snapshot());
        }
    }
}
