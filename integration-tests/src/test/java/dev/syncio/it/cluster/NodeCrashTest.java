package dev.syncio.it.cluster;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.ProcessOutput;
import dev.syncio.it.support.RedisServer;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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

    @Test
    void aKilledNodesUsersStopTypingAndGoOfflineOnTheOtherNodes() throws Exception {
        Socket alice = survivor.connect(clients, "alice");
        joinOk(alice, "c1");
        BlockingQueue<Object[]> presence = record(alice, "presence");
        BlockingQueue<Object[]> typing = record(alice, "typing");

        String doomedUrl = "http://127.0.0.1:" + ProcessOutput.awaitNumber(doomed, Pattern.compile("^PORT (\\d+)"), 60);
        Socket carol = clients.connect(doomedUrl, b -> b.setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", ChatServer.token("carol"))));
        joinOk(carol, "c1");
        assertEquals(true, call(carol, "typing_start", Map.of("conversationId", "c1")).opt("ok"));
        JSONObject online = JavaClients.nextAbout(presence, "carol", 5);
        assertEquals(true, online.opt("online"));
        assertEquals(true, JavaClients.nextAbout(typing, "carol", 5).opt("typing"));
        assertEquals(Set.of("alice", "carol"), survivor.server().presence("c1").toCompletableFuture().join());

        doomed.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
        assertTrue(doomed.waitFor(10, TimeUnit.SECONDS), "the node process ended");

        // the heartbeat key expires after NODE_TIMEOUT; the survivor checks every third of it
        // (up to nodeTimeout plus two checks, a third of it apart) and a margin for a busy machine
        long deadline = NODE_TIMEOUT.toSeconds() * 2 + 10;
        JSONObject stoppedTyping = JavaClients.nextAbout(typing, "carol", deadline);
        assertEquals(false, stoppedTyping.opt("typing"));
        JSONObject wentOffline = JavaClients.nextAbout(presence, "carol", deadline);
        assertEquals(false, wentOffline.opt("online"));
        assertEquals(Set.of("alice"), survivor.server().presence("c1").toCompletableFuture().join());
    }
}
