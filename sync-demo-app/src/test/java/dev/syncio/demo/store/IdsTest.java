package dev.syncio.demo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdsTest {

    /** A clock whose millisecond the test sets. */
    private static final class ManualClock extends Clock {
        final AtomicLong millis = new AtomicLong();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void idsArePrefixedUlidsInCrockfordBase32() {
        String id = new Ids().next("m_");
        assertTrue(id.matches("m_[0-9A-HJKMNP-TV-Z]{26}"), id);
    }

    @Test
    void theTimePartIsTheStandardUlidEncoding() {
        // the ULID spec's example: 1469918176385 ms is 01ARYZ6S41
        ManualClock clock = new ManualClock();
        clock.millis.set(1_469_918_176_385L);
        String ulid = new Ids(clock).nextUlid();
        assertEquals("01ARYZ6S41", ulid.substring(0, 10));
        assertEquals(1_469_918_176_385L, Ids.timestampOf("m_" + ulid));
    }

    @Test
    void idsFromOneGeneratorIncreaseStrictlyWithinOneMillisecond() {
        ManualClock clock = new ManualClock();
        clock.millis.set(1_800_000_000_000L);
        Ids ids = new Ids(clock);
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            generated.add(ids.next("m_"));
        }
        assertStrictlyIncreasing(generated);
        assertEquals(1_800_000_000_000L, Ids.timestampOf(generated.get(9_999)));
    }

    @Test
    void laterMillisecondsSortLaterAndAClockSteppingBackDoesNotBreakTheOrder() {
        ManualClock clock = new ManualClock();
        Ids ids = new Ids(clock);
        List<String> generated = new ArrayList<>();
        clock.millis.set(1_800_000_000_000L);
        generated.add(ids.next("c_"));
        clock.millis.set(1_800_000_000_001L);
        generated.add(ids.next("c_"));
        clock.millis.set(1_799_999_999_000L); // NTP stepped the clock back
        generated.add(ids.next("c_"));
        clock.millis.set(1_800_000_000_002L);
        generated.add(ids.next("c_"));
        assertStrictlyIncreasing(generated);
    }

    @Test
    void concurrentCallersGetDistinctIncreasingIds() throws InterruptedException {
        Ids ids = new Ids();
        List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    mine.add(ids.next("m_"));
                }
                assertStrictlyIncreasing(mine);
                all.addAll(mine);
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(8_000, all.stream().distinct().count());
    }

    @Test
    void timestampOfRefusesWhatIsNotAUlid() {
        assertThrows(IllegalArgumentException.class, () -> Ids.timestampOf("m_short"));
        assertThrows(IllegalArgumentException.class, () -> Ids.timestampOf("m_UUUUUUUUUUUUUUUUUUUUUUUUUU"));
    }

    private static void assertStrictlyIncreasing(List<String> ids) {
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " !< " + ids.get(i));
        }
    }
}
