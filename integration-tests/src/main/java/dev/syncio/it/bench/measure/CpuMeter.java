package dev.syncio.it.bench.measure;

import java.util.function.LongUnaryOperator;

/**
 * CPU used by a process over a window, from {@code /proc}: for the server it gives CPU time per
 * delivery, the figure that stays comparable when generator and server share the cores; for the
 * generator it shows how much of the machine the client took.
 */
public final class CpuMeter {

    private final long[] pids;
    private final long startCpu;
    private final long startSystem;
    private final long startJit;
    private final long startWall;

    private CpuMeter(long... pids) {
        this.pids = pids.clone();
        this.startCpu = sum(this.pids, pid -> ProcessStats.of(pid).cpuNanos());
        this.startSystem = sum(this.pids, pid -> ProcessStats.of(pid).systemNanos());
        this.startJit = sum(this.pids, ProcessStats::jitNanos);
        this.startWall = System.nanoTime();
    }

    /** Starts measuring {@code pids} (their CPU added up) now. */
    public static CpuMeter start(long... pids) {
        return new CpuMeter(pids);
    }

    /** Starts measuring this JVM now. */
    public static CpuMeter self() {
        return new CpuMeter(ProcessHandle.current().pid());
    }

    /** CPU time used since the start, in ns (resolution 10 ms). */
    public long cpuNanos() {
        return sum(pids, pid -> ProcessStats.of(pid).cpuNanos()) - startCpu;
    }

    /** The system (kernel) part of {@link #cpuNanos()}. */
    public long systemNanos() {
        return sum(pids, pid -> ProcessStats.of(pid).systemNanos()) - startSystem;
    }

    /** The JIT compiler threads' part of {@link #cpuNanos()} (a lower bound: see {@link ProcessStats#jitNanos}). */
    public long jitNanos() {
        return sum(pids, ProcessStats::jitNanos) - startJit;
    }

    /** {@code perPid} of each of {@code pids}, added up. */
    private static long sum(long[] pids, LongUnaryOperator perPid) {
        long sum = 0;
        for (long pid : pids) {
            sum += perPid.applyAsLong(pid);
        }
        return sum;
    }

    /** CPU used since the start as a share of one core: 1.0 = one core busy the whole time. */
    public double cores() {
        long wall = System.nanoTime() - startWall;
        return wall <= 0 ? 0 : (double) cpuNanos() / wall;
    }
}
