package dev.syncio.it.bench.measure;

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
        this.startCpu = total(this.pids, false);
        this.startSystem = total(this.pids, true);
        this.startJit = jit(this.pids);
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
        return total(pids, false) - startCpu;
    }

    /** The system (kernel) part of {@link #cpuNanos()}. */
    public long systemNanos() {
        return total(pids, true) - startSystem;
    }

    /** The JIT compiler threads' part of {@link #cpuNanos()} (a lower bound: see {@link ProcessStats#jitNanos}). */
    public long jitNanos() {
        return jit(pids) - startJit;
    }

    private static long jit(long[] pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += ProcessStats.jitNanos(pid);
        }
        return sum;
    }

    private static long total(long[] pids, boolean systemOnly) {
        long sum = 0;
        for (long pid : pids) {
            ProcessStats stats = ProcessStats.of(pid);
            sum += systemOnly ? stats.systemNanos() : stats.cpuNanos();
        }
        return sum;
    }

    /** CPU used since the start as a share of one core: 1.0 = one core busy the whole time. */
    public double cores() {
        long wall = System.nanoTime() - startWall;
        return wall <= 0 ? 0 : (double) cpuNanos() / wall;
    }
}
