package dev.syncio.it.demo;

import static dev.syncio.it.support.DemoFixture.call;
import static dev.syncio.it.support.DemoFixture.next;
import static dev.syncio.it.support.DemoFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.PostgresServer;
import dev.syncio.it.support.ProcessOutput;
import dev.syncio.it.support.RedisServer;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two demo processes sharing one real PostgreSQL and one real redis-server behave as one service:
 * a message posted through node A reaches a client of node B, presence and typing cross nodes, and
 * when a node is killed (SIGKILL, its own JVM) its users go offline on the other.
 */
class DemoClusterTest {

    private static final Pattern STARTED = Pattern.compile("HTTP port \\d+, Socket.IO port (\\d+)");

    private PostgresServer postgres;
    private RedisServer redis;
    private String dbUrl;
    private DemoFixture nodeA;
    private DemoFixture nodeB;
    private Process nodeC;
    private JavaClients clients;

    @BeforeEach
    void start() throws Exception {
        postgres = PostgresServer.start();
        redis = RedisServer.start();
        dbUrl = postgres.createDatabase();
        nodeA = DemoFixture.startNode(dbUrl, postgres.user(), postgres.password(), redis.url());
        nodeB = DemoFixture.startNode(dbUrl, postgres.user(), postgres.password(), redis.url());
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        if (nodeC != null) {
            nodeC.destroyForcibly();
        }
        if (clients != null) {
            clients.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, redis, postgres}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aMessagePostedThroughOneNodeReachesAClientOfTheOther() {
        String general = nodeA.conversationId("alice", "General");
        Socket bobOnB = nodeB.connectAndJoin("bob", general);
        BlockingQueue<Object[]> bobGets = record(bobOnB, "message:new");

        JsonNode stored = nodeA.send("alice", general, "posted on node A");

        JSONObject news = next(bobGets);
        assertEquals(stored.path("id").asText(), news.optJSONObject("message").optString("id"));
        assertEquals("posted on node A", news.optJSONObject("message").optString("text"));
    }

    @Test
    void presenceAndTypingCrossNodes() {
        String general = nodeA.conversationId("alice", "General");
        Socket aliceOnA = nodeA.connectAndJoin("alice", general);
        BlockingQueue<Object[]> presence = record(aliceOnA, "presence");
        BlockingQueue<Object[]> typing = record(aliceOnA, "typing");

        Socket bobOnB = nodeB.connect("bob");
        JSONObject ack = call(bobOnB, "join_conversation", Map.of("conversationId", general));
        assertTrue(ack.optBoolean("ok"), ack::toString);
        List<String> online = dev.syncio.it.support.ChatServer.strings(ack.optJSONArray("online"));
        assertTrue(online.contains("alice") && online.contains("bob"), "bob's join ack lists alice on node A: " + online);
        JSONObject bobOnline = JavaClients.nextAbout(presence, "bob", 5);
        assertEquals("bob", bobOnline.opt("userId"));
        assertEquals(true, bobOnline.opt("online"));

        assertEquals(true, call(bobOnB, "typing_start", Map.of("conversationId", general)).opt("ok"));
        JSONObject bobTyping = next(typing);
        assertEquals("bob", bobTyping.opt("userId"));
        assertEquals(true, bobTyping.opt("typing"));
    }

    @Test
    void aKilledNodesUsersGoOfflineOnTheOtherNode() throws Exception {
        String general = nodeA.conversationId("alice", "General");
        Socket aliceOnA = nodeA.connectAndJoin("alice", general);
        BlockingQueue<Object[]> presence = record(aliceOnA, "presence");

        Map<String, String> env = DemoFixture.nodeEnv(dbUrl, postgres.user(), postgres.password(), redis.url());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.syncio.demo.DemoApp")
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        nodeC = builder.start();
        int syncPort = ProcessOutput.awaitNumber(nodeC, STARTED, 90);

        Socket carolOnC = clients.connect("http://127.0.0.1:" + syncPort, b -> b
                .setTransports(new String[] {"websocket"}).setAuth(Map.of("token", nodeA.token("carol"))));
        JSONObject ack = call(carolOnC, "join_conversation", Map.of("conversationId", general));
        assertTrue(ack.optBoolean("ok"), ack::toString);
        JSONObject carolOnline = JavaClients.nextAbout(presence, "carol", 5);
        assertEquals("carol", carolOnline.opt("userId"));
        assertEquals(true, carolOnline.opt("online"));

        nodeC.destroyForcibly(); // SIGKILL
        assertTrue(nodeC.waitFor(10, TimeUnit.SECONDS));
        // the default node timeout is 15 s; the survivors check every 5 s
        JSONObject carolOffline = JavaClients.nextAbout(presence, "carol", 45);
        assertEquals(false, carolOffline.opt("online"));
    }
}
