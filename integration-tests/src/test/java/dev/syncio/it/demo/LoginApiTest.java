package dev.syncio.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.DemoFixture.Response;
import dev.syncio.it.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/login} and bearer authentication of the REST API, against the running demo. */
class LoginApiTest {

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
    void theRightPasswordGivesATokenThatOpensTheApi() {
        JsonNode login = demo.post("/api/login", null, Map.of("username", "alice", "password", "demo"))
                .expect(200).json();

        assertEquals("alice", login.path("user").path("id").asText());
        assertEquals("Alice", login.path("user").path("name").asText());
        Instant expiresAt = Instant.parse(login.path("expiresAt").asText());
        assertTrue(expiresAt.isAfter(Instant.now().plus(Duration.ofHours(1))), "expiresAt " + expiresAt);
        assertEquals(expiresAt, Tokens.expiresAt(login.path("token").asText()), "expiresAt is the token's exp");

        demo.get("/api/conversations", login.path("token").asText()).expect(200);
    }

    @Test
    void aWrongPasswordIsUnauthorized() {
        Response response = demo.post("/api/login", null, Map.of("username", "alice", "password", "Demo"));
        assertEquals(401, response.status());
        assertEquals("unauthorized", response.errorCode());
    }

    @Test
    void anUnknownUserIsUnauthorizedLikeAWrongPassword() {
        Response unknown = demo.post("/api/login", null, Map.of("username", "mallory", "password", "demo"));
        Response wrong = demo.post("/api/login", null, Map.of("username", "bob", "password", "nope"));
        assertEquals(401, unknown.status());
        assertEquals("unauthorized", unknown.errorCode());
        assertEquals(wrong.body(), unknown.body(), "the answer does not tell which user names exist");
    }

    @Test
    void badJsonIsAnInvalidPayload() {
        for (String body : new String[] {"{\"username\": \"alice\",", "not json", "[1, 2]", "\"alice\"", ""}) {
            Response response = demo.request("POST", "/api/login", Map.of("Content-Type", "application/json"), body);
            assertEquals(400, response.status(), body);
            assertEquals("invalid_payload", response.errorCode(), body);
        }
    }

    @Test
    void missingOrMistypedFieldsAreInvalidPayloads() {
        Response missing = demo.post("/api/login", null, Map.of("username", "alice"));
        assertEquals(400, missing.status());
        assertEquals("invalid_payload", missing.errorCode());
        assertTrue(missing.json().path("error").path("message").asText().contains("password"), missing.body());

        Response mistyped = demo.post("/api/login", null, Map.of("username", "alice", "password", 1234));
        assertEquals(400, mistyped.status());
        assertEquals("invalid_payload", mistyped.errorCode());
    }

    @Test
    void theApiRefusesRequestsWithoutAValidBearerToken() {
        String foreign = Tokens.forUser("alice").issuer(null).audience(null).hs256(); // signed with another secret
        String expired = Tokens.forUser("alice").issuer(null).audience(null)
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .hs256(DemoFixture.JWT_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Map<String, String>> refused = Map.of(
                "no header", Map.of(),
                "not bearer", Map.of("Authorization", "Basic YWxpY2U6ZGVtbw=="),
                "empty bearer", Map.of("Authorization", "Bearer "),
                "garbage", Map.of("Authorization", "Bearer not-a-jwt"),
                "other secret", Map.of("Authorization", "Bearer " + foreign),
                "expired", Map.of("Authorization", "Bearer " + expired));
        refused.forEach((what, headers) -> {
            Response response = demo.request("GET", "/api/conversations", headers, null);
            assertEquals(401, response.status(), what);
            assertEquals("unauthorized", response.errorCode(), what);
        });
    }

    @Test
    void everyLoginGetsItsOwnToken() {
        assertNotEquals(demo.login("bob"), demo.login("bob"));
    }
}
