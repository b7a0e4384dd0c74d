package dev.syncio.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * Waits for a condition that something else makes true (a reply from Redis, a timer), with a
 * deadline: Awaitility with the cluster tests' timeout and a description in the failure.
 */
final class Eventually {

    /** Long enough for a busy two-core machine; a passing test returns as soon as the condition holds. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Eventually() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, TIMEOUT, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }
}
