package dev.syncio.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition that something else makes true (a reply from Redis, a timer), with a deadline. */
final class Eventually {

    /** Long enough for a busy two-core machine; a passing test returns as soon as the condition holds. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Eventually() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, TIMEOUT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(10); // polls the condition; the waiting is on the condition, not on time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }
}
