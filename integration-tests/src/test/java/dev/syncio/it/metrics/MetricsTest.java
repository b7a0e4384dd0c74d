package dev.syncio.it.metrics;

import static dev.syncio.it.support.AuthServer.JavaClient.call;
import static dev.syncio.it.support.AuthServer.JavaClient.refusalCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.AuthServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RedisServer;
import dev.syncio.it.support.Tokens;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The meters a server registers on the host's MeterRegistry, read after a known sequence: two
 * connections (one on WebSocket, one polling), one handshake refused for an expired token, three
 * events with a handler, one without (its error ack), then the server's close removes them.
 */
class MetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JavaClients clients = new JavaClients();
    private AuthServer server;

    @AfterEach
    void cleanUp() {
        clients.close();
        if (server != null) {
            server.close();
        }
        registry.close();
    }

    @Test
    void metersCountAKnownSequenceAndGoWithTheServer() throws Exception {
        server = AuthServer.start(AuthServer.Kind.HS256, v -> { }, b -> b.meterRegistry(registry));
        Socket ws = clients.connect(server.url(), b -> b.setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", Tokens.hs256("alice"))));
        clients.connect(server.url(), b -> b.setTransports(new String[] {"polling"}).setUpgrade(false)
                .setAuth(Map.of("token", Tokens.hs256("bob"))));
        Socket refused = clients.socket(server.url(), b -> b.setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", Tokens.expiredHs256("carol"))));
        assertEquals("token_expired", refusalCode(refused));
        refused.close();

        for (int i = 0; i < 3; i++) {
            assertEquals(i, call(ws, "echo", i)[0]);
        }
        JSONObject error = (JSONObject) call(ws, "no-such-event", "x")[0];
        assertEquals("unknown_event", error.getJSONObject("error").getString("code"));

        // Micrometer holds what a function counter reads weakly: the readings must survive a collection
        System.gc();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(1, value("syncio.connections", "transport", "websocket"));
            assertEquals(1, value("syncio.connections", "transport", "polling"));
            assertEquals(2, value("syncio.sockets.connected"));
            assertEquals(2, value("syncio.users.connected"));
            assertEquals(1, value("syncio.handshakes.refused", "code", "token_expired"));
            assertEquals(3, value("syncio.events.in", "name", "echo"));
            assertEquals(1, value("syncio.events.in", "name", "other"));
            assertEquals(4, value("syncio.acks"));
            assertEquals(1, value("syncio.acks.error", "code", "unknown_event"));
            assertEquals(0, value("syncio.ratelimit.refused"));
            assertEquals(0, value("syncio.slow_consumer.disconnects"));
            assertEquals(0, value("syncio.callbacks.queued"));
            assertEquals(0, value("syncio.recovery", "result", "recovered"));
            assertEquals(0, value("syncio.recovery", "result", "fresh"));
        });
        // a client's event name is never a tag: only names with a handler are
        assertNull(registry.find("syncio.events.in").tag("name", "no-such-event").meter());
        // a single node has no cluster meters
        assertNull(registry.find("syncio.cluster.connected").meter());
        assertNull(registry.find("syncio.cluster.publish").meter());

        server.close();
        assertTrue(registry.getMeters().stream().noneMatch(m -> m.getId().getName().startsWith("syncio.")),
                "meters left after close: " + registry.getMeters().stream().map(Meter::getId).toList());
    }

    @Test
    void aClusterNodeMetersItsRedisStateAndPublishRoundTrips() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            server = AuthServer.start(AuthServer.Kind.HS256, v -> { }, b -> b.meterRegistry(registry).redis(redis.url()));
            Socket ws = clients.connect(server.url(), b -> b.setTransports(new String[] {"websocket"})
                    .setAuth(Map.of("token", Tokens.hs256("alice"))));
            await().atMost(Duration.ofSeconds(5)).until(() -> value("syncio.cluster.connected") == 1);
            server.server().emitter().toUser("alice").emit("hello", "over the stream");
            server.server().emitter().toUser("alice").emit("hello", "again");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                FunctionTimer publish = registry.find("syncio.cluster.publish").functionTimer();
                assertTrue(publish != null && publish.count() >= 1, "publish round trips: " + publish);
                assertTrue(publish.totalTime(TimeUnit.NANOSECONDS) > 0);
                assertEquals(2, value("syncio.events.out"));
            });
            assertTrue(ws.connected());
            server.close();
        }
        assertNull(registry.find("syncio.cluster.connected").meter(), "removed with the server");
    }

    private double value(String name, String... tags) {
        Meter meter = registry.find(name).tags(tags).meter();
        if (meter == null) {
            throw new AssertionError("no meter " + name + " " + String.join("=", tags));
        }
        return meter.measure().iterator().next().getValue();
    }
}
