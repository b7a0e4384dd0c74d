package dev.syncio.it.bench.measure;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event-loop delay of the load generator: each loop runs a task {@link #PERIOD_MS} ms after the
 * previous one ended and records how late it started. A busy generator shows up as a growing delay, which tells the
 * reader that the client, not the server, limits the latency figures.
 */
public final class EventLoopProbe implements AutoCloseable {

    static final long PERIOD_MS = 10;

    private volatile boolean closed;
    private final AtomicLong maxLateNanos = new AtomicLong();
    private final AtomicLong sumLateNanos = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();

    public EventLoopProbe(EventLoopGroup loops) {
        for (EventExecutor loop : loops) {
            schedule(loop);
        }
    }

    private void schedule(EventExecutor loop) {
        long period = TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
        long expected = System.nanoTime() + period;
        loop.schedule(() -> {
            long late = Math.max(0, System.nanoTime() - expected);
            maxLateNanos.accumulateAndGet(late, Math::max);
            sumLateNanos.addAndGet(late);
            samples.incrementAndGet();
            if (!closed) {
                schedule(loop);
            }
        }, period, TimeUnit.NANOSECONDS);
    }

    /** Starts a new measurement window. */
    public void reset() {
        maxLateNanos.set(0);
        sumLateNanos.set(0);
        samples.set(0);
    }

    /** Largest delay since {@link #reset()}, in ms. */
    public double maxMillis() {
        return maxLateNanos.get() / 1e6;
    }

    /** Mean delay since {@link #reset()}, in ms. */
    public double meanMillis() {
        long n = samples.get();
        return n == 0 ? 0 : sumLateNanos.get() / 1e6 / n;
    }

    @Override
    public void close() {
        closed = true;
    }
}
