package dev.syncio.it.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.Tokens;
import io.socket.client.Socket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a demo process (its own JVM, {@code dev.syncio.demo.DemoApp}): it stops the HTTP
 * server, disconnects its Socket.IO clients, closes the database pool and exits within
 * {@code DEMO_SHUTDOWN_TIMEOUT_MS}, saying so in its log.
 */
class DemoShutdownTest {

    private static final Pattern STARTED = Pattern.compile("HTTP port (\\d+), Socket.IO port (\\d+)");
    private static final long BOUND_MS = 10_000;
    /** JVM start-up and exit on a busy machine, beyond the demo's own bound. */
    private static final long SLACK_MS = 5_000;

    private Process process;
    private final JavaClients clients = new JavaClients();

    @AfterEach
    void stop() {
        clients.close();
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermStopsEverythingAndExitsWithinTheBound(@TempDir Path dir) throws Exception {
        Map<String, String> env = DemoFixture.env("jdbc:h2:mem:shutdown-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        env.put("DEMO_SHUTDOWN_TIMEOUT_MS", String.valueOf(BOUND_MS));
        Path output = dir.resolve("demo.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.syncio.demo.DemoApp")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        process = builder.start();
        // the log is a file, read whole after the exit: nothing written just before the exit is lost in a pipe
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                STARTED.matcher(Files.readString(output)).find() || !process.isAlive());
        Matcher ports = STARTED.matcher(Files.readString(output));
        assertTrue(ports.find(), () -> "did not start: " + read(output));
        int syncPort = Integer.parseInt(ports.group(2));

        String token = Tokens.forUser("alice").issuer(null).audience(null)
                .hs256(DemoFixture.JWT_SECRET.getBytes(StandardCharsets.UTF_8));
        Socket alice = clients.connect("http://127.0.0.1:" + syncPort, b -> b
                .setTransports(new String[] {"websocket"}).setAuth(Map.of("token", token)));
        BlockingQueue<Object[]> disconnected = JavaClients.record(alice, Socket.EVENT_DISCONNECT);

        long sent = System.nanoTime();
        process.destroy(); // SIGTERM
        boolean exited = process.waitFor(BOUND_MS + SLACK_MS, TimeUnit.MILLISECONDS);
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(exited, () -> "still running " + (BOUND_MS + SLACK_MS) + " ms after SIGTERM: " + read(output));

        assertEquals(143, process.exitValue(), "the exit status of a JVM ended by SIGTERM");
        String log = read(output);
        assertTrue(log.contains("shutting down (SIGTERM or Ctrl-C), within " + BOUND_MS + " ms"), log);
        assertTrue(log.contains("stopping: HTTP server"), log);
        assertTrue(log.contains("stopping: Socket.IO server"), log);
        assertTrue(log.contains("stopping: database pool"), log);
        assertTrue(log.contains("demo stopped in"), log);
        assertTrue(log.contains("shut down in"), log);
        assertTrue(tookMs < BOUND_MS + SLACK_MS, "took " + tookMs + " ms");

        Object[] reason = disconnected.poll(5, TimeUnit.SECONDS);
        assertTrue(reason != null, "the client was disconnected");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
