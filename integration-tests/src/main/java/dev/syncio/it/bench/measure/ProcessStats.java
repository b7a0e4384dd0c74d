package dev.syncio.it.bench.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory, thread count and CPU time of a process, read from Linux's {@code /proc}: the
 * same numbers for a JVM and a Node server, and for the generator itself.
 *
 * @param rssKb     {@code VmRSS}
 * @param threads   {@code Threads}
 * @param cpuNanos  user + system CPU time since the process started
 * @param systemNanos the system (kernel) part of it: system calls, and on loopback much of the
 *                  TCP path of the receiving side too
 */
public record ProcessStats(long rssKb, int threads, long cpuNanos, long systemNanos) {

    /** Clock ticks per second of {@code /proc/PID/stat}; 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / TICKS_PER_SECOND;

    /** Reads the stats of {@code pid}. */
    public static ProcessStats of(long pid) {
        try {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            long[] ticks = userAndSystemTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return new ProcessStats(rss, threads, (ticks[0] + ticks[1]) * NANOS_PER_TICK, ticks[1] * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + " (Linux only): " + e, e);
        }
    }

    /**
     * CPU time (user + system) of the JIT compiler threads of the JVM {@code pid} ({@code C1/C2
     * CompilerThread*}), 0 for a process without them: compiling is a one-off cost of a fresh
     * JVM, not a cost of the work measured, and it can run long after a warm-up. Threads that
     * ended are not counted (HotSpot may stop idle compiler threads), so this is a lower bound.
     */
    public static long jitNanos(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue;   // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    long[] threadTicks = userAndSystemTicks(stat);
                    ticks += threadTicks[0] + threadTicks[1];
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/task (Linux only): " + e, e);
        }
        return ticks * NANOS_PER_TICK;
    }

    /** {@code utime} and {@code stime} of a process's or a thread's {@code stat} line, in ticks. */
    private static long[] userAndSystemTicks(String stat) {
        // fields after the command name, which is in parentheses and may contain spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    /** The stats of this JVM. */
    public static ProcessStats self() {
        return of(ProcessHandle.current().pid());
    }
}
