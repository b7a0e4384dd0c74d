package dev.syncio.it.demo;

import static dev.syncio.it.support.DemoFixture.call;
import static dev.syncio.it.support.DemoFixture.next;
import static dev.syncio.it.support.DemoFixture.record;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.AuthServer.JavaClient;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} of a running demo, in the Prometheus text format, scraped after a known
 * sequence: two users log in, connect (WebSocket) and join a conversation, a third connection is
 * refused for a bad token, one message is sent over the socket (and reaches the other member), one
 * event without a handler gets an error ack.
 */
class MetricsEndpointTest {

    private DemoFixture demo;
    private JavaClients clients;

    @BeforeEach
    void start() {
        demo = DemoFixture.start();
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        demo.close();
    }

    @Test
    void metricsCountWhatHappened() throws Exception {
        String general = demo.conversationId("alice", "General");
        Socket alice = demo.connectAndJoin("alice", general);
        Socket bob = demo.connectAndJoin("bob", general);
        BlockingQueue<Object[]> bobGets = record(bob, "message:new");
        Socket refused = clients.socket(demo.syncUrl(), b -> b.setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", "not-a-token")));
        assertEquals("token_invalid", JavaClient.refusalCode(refused));
        refused.close();

        JSONObject ack = call(alice, "send_message", Map.of("conversationId", general, "text", "counted"));
        assertEquals(true, ack.opt("ok"), ack::toString);
        next(bobGets);
        JSONObject unknown = call(alice, "no_such_event", Map.of());
        assertEquals("unknown_event", unknown.getJSONObject("error").getString("code"), unknown::toString);

        await().atMost(DemoFixture.WAIT).untilAsserted(() -> {
            Map<String, Double> metrics = scrape();
            assertEquals(2.0, metrics.get("syncio_connections{transport=\"websocket\"}"), metrics::toString);
            assertEquals(0.0, metrics.get("syncio_connections{transport=\"polling\"}"));
            assertEquals(2.0, metrics.get("syncio_sockets_connected"));
            assertEquals(2.0, metrics.get("syncio_users_connected"));
            assertEquals(1.0, metrics.get("syncio_handshakes_refused_total{code=\"token_invalid\"}"));
            assertEquals(2.0, metrics.get("syncio_events_in_total{name=\"join_conversation\"}"));
            assertEquals(1.0, metrics.get("syncio_events_in_total{name=\"send_message\"}"));
            assertEquals(1.0, metrics.get("syncio_events_in_total{name=\"other\"}"));
            assertEquals(4.0, metrics.get("syncio_acks_total"));
            assertEquals(1.0, metrics.get("syncio_acks_error_total{code=\"unknown_event\"}"));
            assertTrue(metrics.get("syncio_events_out_total") >= 1.0, "bob's message:new went out");
            assertEquals(0.0, metrics.get("syncio_ratelimit_refused_total"));
            assertEquals(0.0, metrics.get("syncio_slow_consumer_disconnects_total"));
            assertEquals(0.0, metrics.get("syncio_callbacks_queued"));
            assertEquals(0.0, metrics.get("syncio_recovery_total{result=\"recovered\"}"));
        });
    }

    /** Every sample of {@code GET /metrics} by {@code name{labels}}; checks the status and content type. */
    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(demo.httpUrl() + "/metrics")).timeout(DemoFixture.WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                response.headers()::toString);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
