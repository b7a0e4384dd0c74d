package dev.syncio.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.DemoFixture.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/login} under attack: a password check costs about a second of CPU, so parallel
 * bad logins from one address, guesses at one user name and more checks than the configured
 * concurrency are refused before any hashing, with 429/503, {@code Retry-After} and the error body.
 */
class LoginThrottleTest {

    private static final int PARALLEL = 16;

    @Test
    void parallelBadLoginsFromOneAddressAreCutOffAtTheAddressLimit() throws Exception {
        // the defaults, as an attacker meets them
        try (DemoFixture demo = DemoFixture.start()) {
            List<Answer> answers = flood(demo, PARALLEL, i -> "nobody-" + i);

            long checked = answers.stream().filter(a -> a.status() == 401).count();
            long limited = answers.stream().filter(a -> a.status() == 429).count();
            long busy = answers.stream().filter(a -> a.status() == 503).count();
            assertEquals(PARALLEL, checked + limited + busy, answers::toString);
            // default: 10 attempts per address per minute (one more every 6 s while the test runs)
            assertTrue(checked + busy <= 10 + 2, "attempts past the address limit: " + answers);
            assertTrue(limited >= PARALLEL - 12, answers::toString);
            for (Answer answer : answers) {
                if (answer.status() == 429) {
                    assertEquals("rate_limited", answer.code(), answer::toString);
                    assertTrue(answer.retryAfter() >= 1, answer::toString);
                }
                if (answer.status() == 503) {
                    assertEquals("unavailable", answer.code(), answer::toString);
                    assertTrue(answer.retryAfter() >= 1, answer::toString);
                }
            }

            // the address is out of attempts: even the right password waits, and is told how long
            Response refused = demo.post("/api/login", null, Map.of("username", "alice", "password", "demo"));
            assertEquals(429, refused.status(), refused::body);
            assertEquals("rate_limited", refused.errorCode());
        }
    }

    @Test
    void moreConcurrentChecksThanAllowedAreRefusedAtOnce() throws Exception {
        try (DemoFixture demo = DemoFixture.start(Map.of("DEMO_LOGIN_CONCURRENCY", "1",
                "DEMO_LOGIN_ADDRESS_LIMIT", "1000"))) {
            List<Answer> answers = flood(demo, 8, i -> "nobody-" + i);

            long checked = answers.stream().filter(a -> a.status() == 401).count();
            List<Answer> busy = answers.stream().filter(a -> a.status() == 503).toList();
            assertEquals(8, checked + busy.size(), answers::toString);
            assertTrue(!busy.isEmpty(), "8 checks at once, one allowed: some must be refused " + answers);
            for (Answer answer : busy) {
                assertEquals("unavailable", answer.code(), answer::toString);
                assertEquals(1, answer.retryAfter(), answer::toString);
            }
            // refused, not queued: the service answers a good login as soon as the slot is free
            demo.post("/api/login", null, Map.of("username", "alice", "password", "demo")).expect(200);
        }
    }

    @Test
    void guessesAtOneUserNameAreCutOffWithoutLockingOutOthers() {
        try (DemoFixture demo = DemoFixture.start(Map.of("DEMO_LOGIN_USER_FAILURES", "2",
                "DEMO_LOGIN_ADDRESS_LIMIT", "1000"))) {
            for (int i = 0; i < 2; i++) {
                Response wrong = demo.post("/api/login", null, Map.of("username", "bob", "password", "guess-" + i));
                assertEquals(401, wrong.status(), wrong::body);
            }
            Response locked = demo.post("/api/login", null, Map.of("username", "bob", "password", "guess-3"));
            assertEquals(429, locked.status(), locked::body);
            assertEquals("rate_limited", locked.errorCode());
            // 2 failures per 15 minutes: the next try is minutes away
            Response stillLocked = demo.post("/api/login", null, Map.of("username", "bob", "password", "demo"));
            assertEquals(429, stillLocked.status(), stillLocked::body);

            demo.post("/api/login", null, Map.of("username", "alice", "password", "demo")).expect(200);
            // successes do not count as failures
            demo.post("/api/login", null, Map.of("username", "alice", "password", "demo")).expect(200);
            demo.post("/api/login", null, Map.of("username", "alice", "password", "demo")).expect(200);
        }
    }

    @Test
    void theRetryAfterHeaderCarriesTheWait() throws Exception {
        try (DemoFixture demo = DemoFixture.start(Map.of("DEMO_LOGIN_ADDRESS_LIMIT", "1"))) {
            demo.post("/api/login", null, Map.of("username", "alice", "password", "demo")).expect(200);
            Answer refused = flood(demo, 1, i -> "alice").get(0);
            assertEquals(429, refused.status(), refused::toString);
            // one attempt per minute: the next one in about 60 s
            assertTrue(refused.retryAfter() > 30 && refused.retryAfter() <= 60, refused::toString);
        }
    }

    record Answer(int status, String code, long retryAfter, String body) {
    }

    /** {@code count} wrong-password logins at once (one connection each), answered within the test's bound. */
    private static List<Answer> flood(DemoFixture demo, int count, java.util.function.IntFunction<String> user)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"username\":\"" + user.apply(i) + "\",\"password\":\"wrong\"}";
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(demo.httpUrl() + "/api/login"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<Answer> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : sent) {
            HttpResponse<String> r = response.get(90, TimeUnit.SECONDS);
            String code = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("error")
                    .path("code").asText(null);
            long retryAfter = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(-1L);
            answers.add(new Answer(r.statusCode(), code, retryAfter, r.body()));
        }
        return answers;
    }
}
