package dev.syncio.it.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.DemoFixture.Response;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /health}, {@code /api/stats}, the page, and the Socket.IO port's default origins. */
class SystemApiTest {

    private DemoFixture demo;

    @BeforeEach
    void start() {
        demo = DemoFixture.start();
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void healthNeedsNoTokenAndReportsEachDependency() {
        Response health = demo.get("/health", null).expect(200);
        assertEquals("{\"status\":\"ok\",\"checks\":{\"sync\":{\"status\":\"up\",\"connectedSockets\":0},"
                + "\"database\":{\"status\":\"up\"}}}", health.body());

        demo.connect("alice");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                demo.get("/health", null).expect(200).json().path("checks").path("sync").path("connectedSockets")
                        .asLong() == 1);
    }

    @Test
    void configTellsThePageTheSocketPortWithoutAToken() {
        Response config = demo.get("/api/config", null).expect(200);
        assertEquals("{\"syncPort\":" + demo.demo().syncPort() + "}", config.body());
    }

    @Test
    void statsAreTheLibrarysAndNeedAToken() {
        assertEquals("unauthorized", demo.get("/api/stats", null).expect(401).errorCode());

        Socket alice = demo.connect("alice");
        assertTrue(alice.connected());
        String token = demo.token("bob");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                demo.get("/api/stats", token).expect(200).json().path("connectedSockets").asLong() == 1);
        JsonNode stats = demo.get("/api/stats", token).expect(200).json();
        for (String field : List.of("connectedSockets", "connectedUsers", "conversationsWithMembers",
                "eventsInPerSecond", "eventsOutPerSecond", "eventsIn", "eventsOut", "refusedHandshakes")) {
            assertTrue(stats.path(field).isNumber(), field + " in " + stats);
        }
        assertEquals(1, stats.path("connectedUsers").asLong());
    }

    @Test
    void recoveryKeepsSessionsAndEventsByDefaultAndNothingWithAZeroWindow() {
        JsonNode on = statsAfterAConnectionAndAMessage(demo);
        assertEquals(1, on.path("recoverySessions").asLong(), "alice's session is kept: " + on);
        assertTrue(on.path("retainedEvents").asLong() >= 1, "the message:new is kept: " + on);

        try (DemoFixture off = DemoFixture.start(Map.of("SYNC_RECOVERY_WINDOW_MS", "0"))) {
            JsonNode stats = statsAfterAConnectionAndAMessage(off);
            assertEquals(0, stats.path("recoverySessions").asLong(), "SYNC_RECOVERY_WINDOW_MS=0: " + stats);
            assertEquals(0, stats.path("retainedEvents").asLong(), "SYNC_RECOVERY_WINDOW_MS=0: " + stats);
        }
    }

    /** syncio's stats once alice is connected and bob has sent a message to General. */
    private static JsonNode statsAfterAConnectionAndAMessage(DemoFixture fixture) {
        fixture.connect("alice");
        fixture.send("bob", fixture.conversationId("bob", "General"), "kept for recovery?");
        String token = fixture.token("bob");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                fixture.get("/api/stats", token).expect(200).json().path("connectedSockets").asLong() == 1);
        return fixture.get("/api/stats", token).expect(200).json();
    }

    @Test
    void thePageIsServedAtTheRoot() {
        Response page = demo.request("GET", "/", Map.of(), null).expect(200);
        assertTrue(page.body().toLowerCase().contains("<html"), page.body());
    }

    @Test
    void theSocketPortAllowsThePagesOwnOriginsByDefault() {
        for (String origin : List.of("http://localhost:" + demo.demo().httpPort(),
                "http://127.0.0.1:" + demo.demo().httpPort())) {
            Response handshake = handshake(origin);
            assertEquals(200, handshake.status(), origin + ": " + handshake.body());
        }
        assertEquals(403, handshake("http://evil.example").status());
        assertEquals(403, handshake("http://localhost:" + demo.demo().syncPort()).status());
    }

    /** An Engine.IO polling handshake from a browser page of {@code origin}. */
    private Response handshake(String origin) {
        String url = "http://127.0.0.1:" + demo.demo().syncPort() + "/socket.io/?EIO=4&transport=polling";
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Origin", origin)
                            .timeout(DemoFixture.WAIT).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), null);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
