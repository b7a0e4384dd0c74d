package dev.syncio.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The delay before the next attempt to reach Redis after a failure: 100 ms, doubling up to 2 s,
 * back to 100 ms after a success. Short enough that a node notices within 2 s that Redis is back,
 * long enough that a node does not hammer an address that refuses connections.
 */
final class Backoff {

    static final long FIRST_MILLIS = 100;
    static final long MAX_MILLIS = 2_000;

    private long next = FIRST_MILLIS;

    synchronized long next() {
        long delay = next;
        next = Math.min(MAX_MILLIS, next * 2);
        return delay;
    }

    synchronized void reset() {
        next = FIRST_MILLIS;
    }

    /**
     * Runs {@code task} after {@code millis} on the JDK's shared delay thread. The tasks given here
     * only issue an asynchronous Redis command, so they never hold that thread.
     */
    static void schedule(long millis, Runnable task) {
        Executor later = CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, Runnable::run);
        later.execute(task);
    }
}
