package dev.syncio.it.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bench server in its own process, so that its RSS, threads and CPU time come from its own
 * {@code /proc} entries and not the generator's. JVM servers run with {@code -Xmx512m} on the
 * generator's classpath; the Node server with {@code --expose-gc} (for {@code bench:stats}). The
 * server's output goes to a log file.
 */
public final class ServerProcess implements ServerHandle {

    private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
    private static final long READY_TIMEOUT_SECONDS = 60;

    private final ServerKind kind;
    private final int port;
    private final Process process;

    private ServerProcess(ServerKind kind, int port, Process process) {
        this.kind = kind;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts {@code kind} on a free port and waits until it prints its ready line.
     *
     * @param nodeDir the folder holding {@code server.mjs} and its {@code node_modules} (NODE only)
     * @param logFile where the server's stdout and stderr go
     */
    public static ServerProcess start(ServerKind kind, String secret, Path nodeDir, Path logFile) {
        return start(kind, secret, nodeDir, logFile, List.of());
    }

    /**
     * Starts {@code kind} on a free port with arguments after port and secret (for syncio: a
     * Redis URL, which makes it a cluster node), and waits until it prints its ready line.
     */
    public static ServerProcess start(ServerKind kind, String secret, Path nodeDir, Path logFile, List<String> extraArgs) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        switch (kind) {
            case SYNCIO, BASELINE -> {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.add("-Xmx512m");
                // e.g. a flight recording for profiling: BENCH_SERVER_JVM_ARGS="-XX:StartFlightRecording=..."
                String extra = System.getenv("BENCH_SERVER_JVM_ARGS");
                if (extra != null && !extra.isBlank()) {
                    command.addAll(List.of(extra.trim().split("\\s+")));
                }
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(kind == ServerKind.SYNCIO ? BenchServer.class.getName() : BaselineServer.class.getName());
            }
            case NODE -> {
                command.add("node");
                command.add("--expose-gc");
                command.add("server.mjs");
                builder.directory(nodeDir.toFile());
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        command.add(Integer.toString(port));
        command.add(secret);
        command.addAll(extraArgs);
        try {
            Files.createDirectories(logFile.getParent());
            Process process = builder.start();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> pump(process, logFile, ready), "bench-server-log-" + kind);
            pump.setDaemon(true);
            pump.start();
            ServerProcess server = new ServerProcess(kind, port, process);
            // if the generator is stopped (Ctrl-C, timeout), its servers go with it
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "bench-server-reaper-" + kind));
            try {
                ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                server.close();
                throw new IllegalStateException(kind + " server did not start; see " + logFile, e);
            }
            log.debug("{} server pid {} on port {}", kind, process.pid(), port);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + kind + " server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + kind, e);
        }
    }

    /** Copies the server's output to the log and completes {@code ready} at the ready line. */
    private static void pump(Process process, Path logFile, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.startsWith(BenchEvents.READY_LINE)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("server exited before it was ready"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ServerKind kind() {
        return kind;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                log.warn("{} server did not stop on SIGTERM; killing it", kind);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
