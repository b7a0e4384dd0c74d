package dev.syncio.it.cluster;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RedisServer;
import io.socket.client.Socket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node in its own JVM is killed with SIGKILL while its user is online and typing: the other
 * nodes notice (its heartbeat key expires) and end that user's typing and presence within the
 * configured node timeout.
 */
class NodeCrashTest {

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

    private RedisServer redis;
    private ChatServer survivor;
    private Process doomed;
    private JavaClients clients;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        String prefix = "crash-" + UUID.randomUUID();
        survivor = ChatServer.start(b -> b.redis(redis.url()).clusterPrefix(prefix).nodeTimeout(NODE_TIMEOUT)
                .typingTimeout(Duration.ofSeconds(60)));
        doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClusterNodeProcess.class.getName(),
                redis.url(), prefix, String.valueOf(NODE_TIMEOUT.toMillis()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        if (doomed != null) {
            doomed.destroyForcibly();
        }
        if (clients != null) {
            clients.close();
        }
        if (survivor != null) {
            survivor.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** The port the node process prints once it listens; its output is drained until it ends. */
    private int doomedPort() throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(doomed.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("PORT ")) {
                        port.complete(Integer.parseInt(line.substring(5).trim()));
                    }
                }
                port.completeExceptionally(new IllegalStateException("the node process ended without a port"));
            } catch (java.io.IOException e) {
                port.completeExceptionally(e);
            }
        }, "doomed-node-output");
        drain.setDaemon(true);
        drain.start();
        return port.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aKilledNodesUsersStopTypingAndGoOfflineOnTheOtherNodes() throws Exception {
        Socket alice = survivor.connect(clients, "alice");
        joinOk(alice, "c1");
        BlockingQueue<Object[]> presence = record(alice, "presence");
        BlockingQueue<Object[]> typing = record(alice, "typing");

        String doomedUrl = "http://127.0.0.1:" + doomedPort();
        Socket carol = clients.connect(doomedUrl, b -> b.setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", ChatServer.token("carol"))));
        joinOk(carol, "c1");
        assertEquals(true, call(carol, "typing_start", Map.of("conversationId", "c1")).opt("ok"));
        JSONObject online = ChatServer.next(presence);
        assertEquals("carol", online.opt("userId"));
        assertEquals(true, online.opt("online"));
        assertEquals(true, ChatServer.next(typing).opt("typing"));
        assertEquals(Set.of("alice", "carol"), survivor.server().presence("c1").toCompletableFuture().join());

        doomed.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
        assertTrue(doomed.waitFor(10, TimeUnit.SECONDS), "the node process ended");

        // the heartbeat key expires after NODE_TIMEOUT; the survivor checks every third of it
        long deadline = NODE_TIMEOUT.toMillis() * 2 + 10_000;
        Object[] stopped = typing.poll(deadline, TimeUnit.MILLISECONDS);
        assertTrue(stopped != null, "typing: false for carol within " + deadline + " ms");
        JSONObject stoppedTyping = ChatServer.payload(stopped);
        assertEquals("carol", stoppedTyping.opt("userId"));
        assertEquals(false, stoppedTyping.opt("typing"));
        Object[] offline = presence.poll(deadline, TimeUnit.MILLISECONDS);
        assertTrue(offline != null, "presence: offline for carol within " + deadline + " ms");
        JSONObject wentOffline = ChatServer.payload(offline);
        assertEquals("carol", wentOffline.opt("userId"));
        assertEquals(false, wentOffline.opt("online"));
        assertEquals(Set.of("alice"), survivor.server().presence("c1").toCompletableFuture().join());
    }
}
