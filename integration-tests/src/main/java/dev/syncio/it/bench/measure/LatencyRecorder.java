package dev.syncio.it.bench.measure;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every latency of one run, kept exactly (a run is bounded, so is the array): percentiles are
 * computed from the sorted samples, no bucketing error. Safe to record from several event loops.
 */
public final class LatencyRecorder {

    private final AtomicLongArray samples;
    private final AtomicInteger count = new AtomicInteger();

    public LatencyRecorder(int capacity) {
        this.samples = new AtomicLongArray(capacity);
    }

    /** Records one latency; beyond the capacity samples are counted but not kept. */
    public void record(long nanos) {
        int i = count.getAndIncrement();
        if (i < samples.length()) {
            samples.set(i, nanos);
        }
    }

    /** Percentiles of what was recorded, in ms. */
    public Summary summary() {
        int n = Math.min(count.get(), samples.length());
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = samples.get(i);
        }
        Arrays.sort(sorted);
        return new Summary(n, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), n == 0 ? 0 : sorted[n - 1] / 1e6);
    }

    private static double at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Latency percentiles in milliseconds over {@code samples} deliveries. */
    public record Summary(int samples, double p50, double p90, double p99, double max) {
    }
}
