package dev.syncio.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.Sequenced;
import dev.syncio.emit.Target;
import dev.syncio.protocol.EncodedPacket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalHistoryTest {

    private static final Target ROOM = new Target("/", Set.of("conversation:c1"), false, Set.of(), Set.of());
    private final AtomicLong now = new AtomicLong();

    private static Broadcast event(String text, boolean retained) {
        return new Broadcast(ROOM, new EncodedPacket("2[\"e\",\"" + text + "\"]", List.of()), retained);
    }

    private static List<Long> offsets(List<Sequenced> entries) {
        return entries.stream().map(e -> Long.parseLong(e.offset())).toList();
    }

    @Test
    void keepsRetainedEventsAndRevocationsOnly() {
        LocalHistory history = new LocalHistory(100, 1 << 20, Duration.ofMinutes(1), now::get);
        history.add(1, event("a", true));
        history.add(2, event("typing", false));
        history.add(3, Broadcast.leave("/", "bob", "c1"));
        history.add(4, event("b", true));
        assertEquals(List.of(3L, 4L), offsets(history.since(1).orElseThrow()));
        assertEquals(List.of(), offsets(history.since(4).orElseThrow()), "nothing missed after the newest");
    }

    @Test
    void anOffsetItDoesNotHoldGivesNothingRatherThanAPartialReplay() {
        LocalHistory history = new LocalHistory(3, 1 << 20, Duration.ofMinutes(1), now::get);
        for (long offset = 1; offset <= 5; offset++) {
            history.add(offset, event("e" + offset, true));
        }
        assertTrue(history.since(1).isEmpty(), "trimmed by count");
        assertTrue(history.since(2).isEmpty(), "the oldest kept is 3");
        assertEquals(List.of(4L, 5L), offsets(history.since(3).orElseThrow()));
        assertTrue(history.since(2_000).isEmpty(), "never an offset of this bus");
        assertEquals(3, history.size());
    }

    @Test
    void isBoundedByAge() {
        LocalHistory history = new LocalHistory(100, 1 << 20, Duration.ofSeconds(10), now::get);
        history.add(1, event("old", true));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        history.add(2, event("newer", true));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(history.since(1).isEmpty(), "older than the window");
        assertEquals(List.of(), offsets(history.since(2).orElseThrow()));
        assertEquals(1, history.size());
    }

    @Test
    void isBoundedByBytes() {
        LocalHistory history = new LocalHistory(1_000, 2_000, Duration.ofMinutes(1), now::get);
        for (long offset = 1; offset <= 100; offset++) {
            history.add(offset, event("x".repeat(100), true));
        }
        assertTrue(history.bytes() <= 2_000, "bytes " + history.bytes());
        assertTrue(history.size() < 100 && history.size() > 0, "size " + history.size());
        long oldest = 100 - history.size() + 1;
        assertEquals(history.size() - 1, history.since(oldest).orElseThrow().size());
    }

    @Test
    void aRingThatWrapsKeepsOffsetOrder() {
        LocalHistory history = new LocalHistory(40, 1 << 20, Duration.ofMinutes(1), now::get);
        for (long offset = 1; offset <= 1_000; offset++) {
            history.add(offset, event("e", true));
        }
        List<Long> after = offsets(history.since(970).orElseThrow());
        assertEquals(30, after.size());
        assertEquals(971L, after.get(0));
        assertEquals(1_000L, after.get(after.size() - 1));
    }
}
