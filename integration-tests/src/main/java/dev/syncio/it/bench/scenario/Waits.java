package dev.syncio.it.bench.scenario;

import dev.syncio.it.bench.measure.CpuMeter;
import dev.syncio.it.bench.measure.ProcessStats;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits: every phase of the benchmark ends, even when a server stops answering. */
final class Waits {

    private Waits() {
    }

    static <T> T await(CompletableFuture<T> future, Duration limit, String what) throws InterruptedException {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + limit, e);
        }
    }

    /**
     * Waits until the process {@code pid} is quiet (under 5% of a core for half a second), at most
     * {@code limit}: a measured phase starts only once the server finished the work of the last one.
     */
    static void quiet(long pid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            CpuMeter cpu = CpuMeter.start(pid);
            TimeUnit.MILLISECONDS.sleep(500);
            if (cpu.cores() < 0.05) {
                return;
            }
        }
    }

    /**
     * The process's RSS once it stopped changing (two readings 250 ms apart within 1%, at most
     * {@code limit}): after a full collection the JVM gives heap back to the system on a
     * background thread, so a reading taken at once can count memory that is on its way out.
     */
    static long settledRssKb(long pid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long last = ProcessStats.of(pid).rssKb();
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
            long now = ProcessStats.of(pid).rssKb();
            if (Math.abs(now - last) <= last / 100) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
