package dev.syncio.it.conformance;

import static dev.syncio.it.conformance.RawEngineClient.assertEngineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LocalServer;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP guard in front of the Engine.IO layer: origin allow-list, CORS headers and preflights,
 * and the payload cap. Not part of the official suites (their server allows every origin), but
 * the same wire-level checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpGuardSecurityTest {

    private static final String ALLOWED = "http://allowed.example";
    private static final int MAX_PAYLOAD = 4096;

    private SyncServer server;
    private RawEngineClient client;

    @BeforeAll
    void startServer() {
        server = LocalServer.anonymous()
                .allowedOrigins(ALLOWED)
                .maxPayloadBytes(MAX_PAYLOAD)
                .build()
                .start();
        client = new RawEngineClient(server.port(), RawEngineClient.SOCKET_IO);
    }

    @AfterEach
    void closeSockets() {
        client.close();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> handshakeFrom(String origin) {
        return client.request("GET", "EIO=4&transport=polling", null, Map.of("Origin", origin));
    }

    private static void assertNoCorsHeaders(HttpResponse<String> response) {
        assertEquals(Optional.empty(), response.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(Optional.empty(), response.headers().firstValue("Access-Control-Allow-Credentials"));
    }

    private static void assertCorsFor(HttpResponse<String> response, String origin) {
        assertEquals(List.of(origin), response.headers().allValues("Access-Control-Allow-Origin"));
        assertEquals(Optional.of("true"), response.headers().firstValue("Access-Control-Allow-Credentials"));
    }

    private void assertServerHealthy() {
        String sid = client.handshake();
        assertEquals("ok", client.push(sid, "40").body());
        SocketIoConnectTest.assertConnected(client.pollPackets(sid, 1).get(0), "40");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://evil.example",
        "https://allowed.example",          // other scheme
        "http://allowed.example:8080",      // other port
        "http://allowed.example.evil.com",  // suffix
        "http://ALLOWED.example.evil",
        "null",                             // sandboxed frames and file: pages
    })
    void refusesAHandshakeFromAnOriginNotAllowListedWith403(String origin) {
        HttpResponse<String> response = handshakeFrom(origin);
        assertEngineError(response, 403, 4);
        assertNoCorsHeaders(response);
    }

    @Test
    void refusesPollingRequestsOfAnExistingSessionFromAForeignOrigin() {
        String sid = client.handshake();
        Map<String, String> evil = Map.of("Origin", "http://evil.example");
        HttpResponse<String> poll = client.request("GET", RawEngineClient.pollingQuery(sid), null, evil);
        assertEquals(403, poll.statusCode(), poll.body());
        HttpResponse<String> push = client.request("POST", RawEngineClient.pollingQuery(sid), "40", evil);
        assertEquals(403, push.statusCode(), push.body());
        assertNoCorsHeaders(push);
    }

    @Test
    void refusesAWebSocketFromAForeignOriginWith403() {
        int status = client.refusedWebSocketStatus("EIO=4&transport=websocket", Map.of("Origin", "http://evil.example"));
        assertEquals(403, status);
    }

    @Test
    void acceptsAWebSocketFromAnAllowListedOrigin() {
        RawEngineClient.Ws ws = client.openWebSocket("EIO=4&transport=websocket", Map.of("Origin", ALLOWED));
        assertTrue(ws.nextText().startsWith("0{"));
    }

    @Test
    void givesAnAllowListedOriginItsOwnOriginAndCredentialsNeverAWildcard() {
        HttpResponse<String> handshake = handshakeFrom(ALLOWED);
        assertEquals(200, handshake.statusCode());
        assertCorsFor(handshake, ALLOWED);
        assertTrue(handshake.headers().allValues("Vary").stream().anyMatch(v -> v.toLowerCase().contains("origin")),
                () -> "Vary: " + handshake.headers().allValues("Vary"));

        String sid = RawEngineClient.openPacket(handshake.body()).get("sid").asText();
        Map<String, String> allowed = Map.of("Origin", ALLOWED);
        HttpResponse<String> push = client.request("POST", RawEngineClient.pollingQuery(sid), "40", allowed);
        assertEquals("ok", push.body());
        assertCorsFor(push, ALLOWED);
        HttpResponse<String> poll = client.request("GET", RawEngineClient.pollingQuery(sid), null, allowed);
        assertEquals(200, poll.statusCode());
        assertCorsFor(poll, ALLOWED);
    }

    @Test
    void sendsNoCorsHeadersToARequestWithoutOrigin() {
        HttpResponse<String> handshake = client.get("EIO=4&transport=polling");
        assertEquals(200, handshake.statusCode());
        assertNoCorsHeaders(handshake);
    }

    @Test
    void answersAPreflightFromAnAllowListedOriginWith204AndTheAllowHeaders() {
        HttpResponse<String> preflight = client.request("OPTIONS", "EIO=4&transport=polling", null, Map.of(
                "Origin", ALLOWED,
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type"));
        assertEquals(204, preflight.statusCode());
        assertCorsFor(preflight, ALLOWED);
        String methods = preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("");
        assertTrue(methods.contains("GET") && methods.contains("POST"), methods);
        String headers = preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("");
        assertTrue(headers.toLowerCase().contains("content-type"), headers);
        assertEquals("", preflight.body());
    }

    @Test
    void refusesAPreflightFromAForeignOriginWith403() {
        HttpResponse<String> preflight = client.request("OPTIONS", "EIO=4&transport=polling", null, Map.of(
                "Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST"));
        assertEquals(403, preflight.statusCode());
        assertNoCorsHeaders(preflight);
    }

    @Test
    void refusesAPollingBodyLargerThanMaxPayloadAndStaysHealthy() {
        String sid = client.handshake();
        String body = "4" + "x".repeat(4 * MAX_PAYLOAD);
        try {
            HttpResponse<String> push = client.push(sid, body);
            assertEquals(413, push.statusCode(), push.body());
        } catch (UncheckedIOException closedByServer) {
            // refusing by closing the connection before the body is read is fine too
        }
        assertServerHealthy();
    }

    @Test
    void acceptsAPollingBodyJustUnderMaxPayload() {
        String sid = client.handshake();
        assertEquals("ok", client.push(sid, "40").body());
        SocketIoConnectTest.assertConnected(client.pollPackets(sid, 1).get(0), "40");
        String text = "x".repeat(MAX_PAYLOAD - 64);
        assertEquals("ok", client.push(sid, "42[\"anything\",\"" + text + "\"]").body());
    }

    @Test
    void closesAWebSocketWhoseMessageIsLargerThanMaxPayloadAndStaysHealthy() {
        RawEngineClient.Ws ws = client.openWebSocketSession().autoPong(true);
        ws.send("4" + "x".repeat(4 * MAX_PAYLOAD));
        ws.assertClosedByServer();
        assertServerHealthy();
    }

    @Test
    void answersAPathOutsideSocketIoWith404() {
        RawEngineClient other = new RawEngineClient(server.port(), "/admin/");
        HttpResponse<String> response = other.get("EIO=4&transport=polling");
        assertEquals(404, response.statusCode());
        assertFalse(response.body().contains("Exception"), response.body());
    }
}
