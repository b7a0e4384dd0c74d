package dev.syncio.cluster;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;

import java.io.ByteArrayOutputStream;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for sync-lib's cluster tests, on a free loopback port, without
 * persistence. It can be stopped and started again on the same port (outage tests), and hands out
 * Redisson clients set to fail and reconnect quickly, all shut down by {@link #close()}.
 * <p>
 * Without redis-server on this machine the tests are skipped, except on CI ({@code CI=true}),
 * where they fail: CI must not go green without them. Public for the session store's tests, in
 * another package.
 */
public final class LocalRedis implements AutoCloseable {

    private final Path executable;
    private final int port;
    private final Path dir;
    private final List<RedissonClient> clients = new ArrayList<>();
    private Process process;

    private LocalRedis(Path executable, int port, Path dir) {
        this.executable = executable;
        this.port = port;
        this.dir = dir;
    }

    /** Starts redis-server and waits until it answers PING. */
    public static LocalRedis start() throws IOException {
        Path executable = find();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        LocalRedis redis = new LocalRedis(executable, port, Files.createTempDirectory("syncio-redis"));
        redis.launch();
        return redis;
    }

    private static Path find() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "redis-server"));
            }
        }
        candidates.add(Path.of("/usr/bin/redis-server"));
        candidates.add(Path.of("/usr/local/bin/redis-server"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "redis-server is not installed (not on PATH, nor in /usr/bin or /usr/local/bin):"
                + " the Redis cluster tests need it (apt-get install redis-server)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message + "; skipped outside CI");
        throw new AssertionError("unreachable");
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!answersPing()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                stop();
                throw new IOException("redis-server did not start; log: " + Files.readString(dir.resolve("redis.log")));
            }
            try {
                Thread.sleep(20); // polling the external process until it listens: nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Stops redis-server (its data is lost: no persistence); {@link #restart()} brings it back on the same port. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts redis-server again on the same port, empty. */
    void restart() throws IOException {
        stop();
        launch();
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * A new Redisson client with Redisson's default response timeout (3 s: a busy machine does not
     * make a healthy Redis look down), one retry 100 ms later, and a reconnection every 200 ms, so
     * that outage tests take seconds; shut down by {@link #close()}.
     */
    public RedissonClient newClient() {
        return newClient(Duration.ofSeconds(3));
    }

    /** {@link #newClient()} with another response timeout. */
    synchronized RedissonClient newClient(Duration timeout) {
        Config config = new Config();
        config.setThreads(2);
        config.setNettyThreads(4);
        config.useSingleServer()
                .setAddress(url())
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(8)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setTimeout((int) timeout.toMillis())
                .setConnectTimeout(1_000)
                .setRetryAttempts(1)
                .setRetryDelay(new ConstantDelay(Duration.ofMillis(100)))
                .setReconnectionDelay(new ConstantDelay(Duration.ofMillis(200)));
        RedissonClient client = Redisson.create(config);
        clients.add(client);
        return client;
    }

    /**
     * One command over a plain socket, its reply as text (bulk and simple strings, integers):
     * for checks that must not go through Redisson, e.g. {@code INFO commandstats}.
     */
    public String command(String... args) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String first = readLine(in);
            if (first.startsWith("$")) {
                int length = Integer.parseInt(first.substring(1));
                if (length < 0) {
                    return null;
                }
                byte[] body = in.readNBytes(length + 2);
                return new String(body, 0, length, StandardCharsets.UTF_8);
            }
            if (first.startsWith("-")) {
                throw new IOException("redis error: " + first);
            }
            return first.substring(1);
        }
    }

    /** Calls of one command since the last CONFIG RESETSTAT, from INFO commandstats (0 if never called). */
    long calls(String command) throws IOException {
        String info = command("INFO", "commandstats");
        String prefix = "cmdstat_" + command.toLowerCase() + ":calls=";
        for (String line : info.split("\r\n")) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.substring(prefix.length(), line.indexOf(',')));
            }
        }
        return 0;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\r') {
                in.read(); // '\n'
                break;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private boolean answersPing() {
        try {
            return "PONG".equals(command("PING"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        for (RedissonClient client : clients) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        clients.clear();
        stop();
    }
}
