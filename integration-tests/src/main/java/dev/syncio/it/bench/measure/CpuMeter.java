package dev.syncio.it.bench.measure;

/**
 * CPU used by a process over a window, from {@code /proc}: for the server it gives CPU time per
 * delivery, the figure that stays comparable when generator and server share the cores; for the
 * generator it shows how much of the machine the client took.
 */
public final class CpuMeter {

    private final long pid;
    private final long startCpu;
    private final long startWall;

    private CpuMeter(long pid) {
        this.pid = pid;
        this.startCpu = ProcessStats.of(pid).cpuNanos();
        this.startWall = System.nanoTime();
    }

    /** Starts measuring {@code pid} now. */
    public static CpuMeter start(long pid) {
        return new CpuMeter(pid);
    }

    /** Starts measuring this JVM now. */
    public static CpuMeter self() {
        return new CpuMeter(ProcessHandle.current().pid());
    }

    /** CPU time used since the start, in ns (resolution 10 ms). */
    public long cpuNanos() {
        return ProcessStats.of(pid).cpuNanos() - startCpu;
    }

    /** CPU used since the start as a share of one core: 1.0 = one core busy the whole time. */
    public double cores() {
        long wall = System.nanoTime() - startWall;
        return wall <= 0 ? 0 : (double) cpuNanos() / wall;
    }
}
