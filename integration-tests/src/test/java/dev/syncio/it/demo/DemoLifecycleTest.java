package dev.syncio.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.demo.Demo;
import dev.syncio.demo.DemoConfig;
import dev.syncio.it.support.DemoFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the demo: failed starts clean up, and instances may share one database. */
class DemoLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStartThatCannotBindTheSocketPortReleasesTheHttpPort() throws IOException {
        try (DemoFixture running = DemoFixture.start()) {
            int httpPort = freePort();
            Map<String, String> env = env("jdbc:h2:mem:lifecycle-" + System.nanoTime());
            env.put("HTTP_PORT", String.valueOf(httpPort));
            env.put("SYNC_PORT", String.valueOf(running.demo().syncPort())); // taken
            assertThrows(RuntimeException.class, () -> Demo.start(DemoConfig.from(env)));
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress(httpPort)); // fails if the failed start kept it
            }
            running.get("/health", null).expect(200);
        }
    }

    @Test
    void anUnreachableRedisFailsTheStartAndFreesThePorts() throws Exception {
        Map<String, String> env = env("jdbc:h2:mem:lifecycle-" + System.nanoTime());
        int nobodyListens;
        try (ServerSocket probe = new ServerSocket(0)) {
            nobodyListens = probe.getLocalPort();
        }
        int httpPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            httpPort = probe.getLocalPort();
        }
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("SYNC_REDIS_URL", "redis://127.0.0.1:" + nobodyListens);
        RuntimeException refused = assertThrows(RuntimeException.class, () -> Demo.start(DemoConfig.from(env)));
        assertTrue(String.valueOf(refused.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("redis"),
                "the error names Redis: " + refused);
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(httpPort)); // fails if the failed start kept it
        }
    }

    @Test
    void theDefaultDatabaseOpensNoPort(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/net/tcp")), "lists listening sockets from /proc");
        String dbUrl = DemoConfig.DEFAULT_DB_URL.replace("./data/", dir.toAbsolutePath() + "/");
        assertNotEquals(DemoConfig.DEFAULT_DB_URL, dbUrl, "the default, moved into the test's directory");
        Set<Integer> before = listeningPorts();
        try (Demo demo = Demo.start(DemoConfig.from(env(dbUrl)))) {
            Set<Integer> opened = new TreeSet<>(listeningPorts());
            opened.removeAll(before);
            assertEquals(new TreeSet<>(Set.of(demo.httpPort(), demo.syncPort())), opened,
                    "only the HTTP and Socket.IO ports (no H2 AUTO_SERVER port)");
        }
    }

    /** H2's AUTO_SERVER, set explicitly: instances share one file (the first opens a loopback port for the rest). */
    @Test
    void instancesStartingTogetherOnOneDatabaseShareOneSeed(@TempDir Path dir) throws Exception {
        String dbUrl = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        int instances = 3;
        CyclicBarrier together = new CyclicBarrier(instances);
        ExecutorService threads = Executors.newFixedThreadPool(instances); // one each: they wait for each other
        List<CompletableFuture<Demo>> starts = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return Demo.start(DemoConfig.from(env(dbUrl)));
            }, threads));
        }
        List<Demo> demos = new ArrayList<>();
        try {
            for (CompletableFuture<Demo> start : starts) {
                demos.add(start.get(60, TimeUnit.SECONDS));
            }
            List<String> generalIds = new ArrayList<>();
            for (Demo demo : demos) {
                JsonNode conversations = get(demo, "/api/conversations", login(demo, "alice"));
                assertEquals(2, conversations.size(), conversations::toString);
                conversations.forEach(c -> {
                    if ("General".equals(c.path("title").asText())) {
                        generalIds.add(c.path("id").asText());
                    }
                });
            }
            assertEquals(instances, generalIds.size());
            assertEquals(1, generalIds.stream().distinct().count(), "one General for all instances");

            // a message sent through one instance is read through another
            Demo first = demos.get(0);
            Demo last = demos.get(instances - 1);
            String general = generalIds.get(0);
            HttpResponse<String> sent = http.send(HttpRequest.newBuilder(uri(first, "/api/conversations/" + general
                            + "/messages")).header("Authorization", "Bearer " + login(first, "bob"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"across instances\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, sent.statusCode(), sent.body());
            JsonNode page = get(last, "/api/conversations/" + general + "/messages", login(last, "carol"));
            assertEquals("across instances", page.path("messages").get(0).path("text").asText());
        } finally {
            demos.forEach(Demo::close);
            starts.forEach(start -> start.thenAccept(Demo::close)); // any that finished late
            threads.shutdown();
        }
    }

    private String login(Demo demo, String user) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(demo, "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"demo\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("token").asText();
    }

    private JsonNode get(Demo demo, String path, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(demo, path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static URI uri(Demo demo, String path) {
        return URI.create("http://127.0.0.1:" + demo.httpPort() + path);
    }

    private static Map<String, String> env(String dbUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_PORT", "0");
        env.put("SYNC_PORT", "0");
        env.put("SYNC_DB_URL", dbUrl);
        env.put("SYNC_JWT_SECRET", DemoFixture.JWT_SECRET);
        env.put("DEMO_WEBHOOK_SECRET", DemoFixture.WEBHOOK_SECRET);
        return env;
    }

    /** The TCP ports this JVM listens on (Linux: its sockets in /proc/self/fd matched with /proc/self/net/tcp{,6}). */
    private static Set<Integer> listeningPorts() throws IOException {
        Set<String> ownSockets = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        ownSockets.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] fields = line.trim().split("\\s+");
                boolean listening = "0A".equals(fields[3]);
                if (listening && ownSockets.contains(fields[9])) {
                    ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
