package dev.syncio.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/** A room's member set: one member held alone, more in a concurrent set, changed inside a map's compute. */
class RoomMembersTest {

    @Test
    void oneMemberThenManyThenNone() {
        String a = "a";
        String b = "b";
        Set<String> one = RoomMembers.with(null, a);
        assertEquals(Set.of(a), one);
        assertSame(one, RoomMembers.with(one, a), "joining twice changes nothing");
        assertSame(one, RoomMembers.without(one, b), "one that was not in leaves nothing");
        assertNull(RoomMembers.without(one, a), "the only member leaves: the room goes");
        Set<String> two = RoomMembers.with(one, b);
        assertEquals(Set.of(a, b), two);
        assertEquals(Set.of(a), one, "the single set is left as it was");
        Set<String> three = RoomMembers.with(two, "c");
        assertSame(two, three, "a concurrent set grows in place");
        assertSame(two, RoomMembers.without(two, "c"));
        assertSame(two, RoomMembers.without(two, b));
        assertEquals(Set.of(a), two);
        assertNull(RoomMembers.without(two, a));
    }

    @Test
    void iteratingAMemberSetWhileMembersJoinAndLeaveDoesNotFail() {
        Set<String> room = RoomMembers.with(RoomMembers.with(null, "m0"), "m1");
        for (int i = 2; i < 20; i++) {
            room = RoomMembers.with(room, "m" + i);
        }
        int seen = 0;
        for (String member : room) { // weakly consistent, as the delivery loops expect
            seen++;
            RoomMembers.without(room, member);
            if (seen == 1) {
                RoomMembers.with(room, "late");
            }
        }
        assertTrue(seen >= 20 && seen <= 21, "every member there from start to end is seen once: " + seen);
        assertTrue(room.size() <= 1);
    }

    @Test
    void concurrentJoinsAndLeavesOfOneRoomFromTwoThreadsLoseNothing() throws Exception {
        for (int round = 0; round < 20; round++) {
            ConcurrentMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
            TwoThreads.run(name -> {
                for (int i = 0; i < 500; i++) {
                    String member = name + i;
                    rooms.compute("room", (r, set) -> RoomMembers.with(set, member));
                    assertTrue(rooms.get("room").contains(member));
                    if (i % 2 == 0) { // often the room's only member: it empties and comes back
                        rooms.computeIfPresent("room", (r, set) -> RoomMembers.without(set, member));
                    }
                }
            });
            Set<String> expected = new HashSet<>();
            for (int i = 1; i < 500; i += 2) {
                expected.add("left" + i);
                expected.add("right" + i);
            }
            assertEquals(expected, new HashSet<>(rooms.get("room")));
        }
    }
}
