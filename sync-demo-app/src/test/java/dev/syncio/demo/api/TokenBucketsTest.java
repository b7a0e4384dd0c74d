package dev.syncio.demo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private TokenBuckets buckets(int capacity, Duration refillEvery, int maxKeys) {
        return new TokenBuckets(capacity, refillEvery, maxKeys, now::get);
    }

    @Test
    void aBurstThenOneTokenPerRefill() {
        TokenBuckets buckets = buckets(3, Duration.ofSeconds(6), 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, buckets.tryTake("10.0.0.1"));
        }
        assertEquals(Duration.ofSeconds(6), buckets.tryTake("10.0.0.1"));
        assertEquals(Duration.ZERO, buckets.tryTake("10.0.0.2"), "keys are independent");

        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(Duration.ofSeconds(2), buckets.tryTake("10.0.0.1"), "refused attempts take nothing");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(Duration.ZERO, buckets.tryTake("10.0.0.1"));
        assertEquals(Duration.ofSeconds(6), buckets.tryTake("10.0.0.1"));
    }

    @Test
    void waitForTakesNothingAndTakeCountsAfterTheFact() {
        TokenBuckets buckets = buckets(2, Duration.ofMinutes(1), 100);
        assertEquals(Duration.ZERO, buckets.waitFor("bob"));
        buckets.take("bob");
        buckets.take("bob");
        buckets.take("bob"); // never below empty
        assertEquals(Duration.ofMinutes(1), buckets.waitFor("bob"));
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertEquals(Duration.ZERO, buckets.waitFor("bob"));
    }

    @Test
    void memoryIsBoundedAndRefilledKeysAreForgotten() {
        TokenBuckets buckets = buckets(1, Duration.ofSeconds(1), 1_000);
        for (int i = 0; i < 50_000; i++) {
            buckets.tryTake("attacker-" + i);
        }
        assertEquals(1_000, buckets.size(), "at most maxKeys remembered");

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        for (int i = 0; i < 1_000; i++) {
            buckets.waitFor("fresh-" + i);
        }
        assertTrue(buckets.size() <= 1_000, "size " + buckets.size());
        for (int i = 0; i < 2_000; i++) {
            buckets.waitFor("again-" + (i % 10));
        }
        assertTrue(buckets.size() < 100, "refilled keys are dropped as others come: " + buckets.size());
    }
}
