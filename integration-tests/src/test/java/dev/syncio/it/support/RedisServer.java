package dev.syncio.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code redis-server} on a free loopback port, started for one test class and stopped by
 * {@link #close()}. Requires redis-server on the PATH (.ci/run installs it): without it a test
 * fails with a clear message on CI ({@code CI=true}) and is skipped elsewhere.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts redis-server and waits until it answers PING. */
    public static RedisServer start() throws IOException {
        requireInstalled();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        RedisServer server = new RedisServer(port, Files.createTempDirectory("syncio-redis"));
        server.launch();
        return server;
    }

    /** Fails on CI and skips the test elsewhere when redis-server is not installed. */
    private static void requireInstalled() {
        boolean installed = System.getenv().getOrDefault("PATH", "").isEmpty() ? false
                : java.util.Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "redis-server")));
        if (installed) {
            return;
        }
        String message = "redis-server is not on the PATH; install it (apt-get install redis-server) to run the "
                + "cluster tests";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        org.junit.jupiter.api.Assumptions.abort(message);
    }

    private void launch() throws IOException {
        process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!answersPing()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new IOException("redis-server did not start; log: " + Files.readString(dir.resolve("redis.log")));
            }
            Thread.onSpinWait();
        }
    }

    /** Stops redis-server (its data is gone: nothing is saved), keeping the port for {@link #restart()}. */
    public void stop() {
        close();
    }

    /** Starts redis-server again on the same port, empty. */
    public void restart() throws IOException {
        launch();
    }

    /** The port redis-server listens on. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Calls per command from Redis's own {@code INFO commandstats}, e.g. {@code xadd -> 12}: what a
     * test counts to show how many commands an emit costs.
     */
    public java.util.Map<String, Long> commandCalls() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("INFO commandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine(); // $<length> of the bulk reply
            if (header == null || !header.startsWith("$")) {
                throw new IOException("unexpected INFO reply: " + header);
            }
            char[] body = new char[Integer.parseInt(header.substring(1))];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            java.util.Map<String, Long> calls = new java.util.TreeMap<>();
            for (String line : new String(body, 0, read).split("\r\n")) {
                // cmdstat_xadd:calls=12,usec=...
                if (line.startsWith("cmdstat_")) {
                    String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                    String stats = line.substring(line.indexOf(':') + 1);
                    for (String field : stats.split(",")) {
                        if (field.startsWith("calls=")) {
                            calls.put(name, Long.parseLong(field.substring("calls=".length())));
                        }
                    }
                }
            }
            return calls;
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
