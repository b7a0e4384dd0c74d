package dev.syncio.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.DemoFixture.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/conversations} as an attacker uses it: huge {@code memberIds}, probing which
 * user ids exist, and creating groups without end.
 */
class GroupLimitsTest {

    @Test
    void memberIdsAreBoundedAndAnswersDoNotTellWhichIdsExist() {
        try (DemoFixture demo = DemoFixture.start()) {
            String token = demo.token("alice");
            List<String> tooMany = IntStream.range(0, 51).mapToObj(i -> "zz-" + i).toList();
            Response huge = demo.post("/api/conversations", token, Map.of("title", "Huge", "memberIds", tooMany));
            assertEquals(400, huge.status(), huge::body);
            assertEquals("invalid_payload", huge.errorCode());
            assertTrue(huge.body().contains("at most 50"), huge::body);

            List<String> fifty = new ArrayList<>(IntStream.range(0, 49).mapToObj(i -> "zz-" + i).toList());
            fifty.add("bob");
            Response atTheLimit = demo.post("/api/conversations", token, Map.of("title", "Fifty", "memberIds", fifty));
            assertEquals(400, atTheLimit.status(), "50 ids are looked up (and are not all users)");

            // the attacker's probe: one existing id among unknown ones, or only unknown ones: the same answer
            Response withAdmin = demo.post("/api/conversations", token,
                    Map.of("title", "Probe", "memberIds", List.of("bob", "zz-not-a-user")));
            Response withoutAdmin = demo.post("/api/conversations", token,
                    Map.of("title", "Probe", "memberIds", List.of("zz-also-not", "zz-not-a-user")));
            assertEquals(400, withAdmin.status());
            assertEquals(withAdmin.body(), withoutAdmin.body());
            assertTrue(!withAdmin.body().contains("bob") && !withAdmin.body().contains("zz-"), withAdmin::body);
            assertEquals(2, demo.get("/api/conversations", token).expect(200).json().size(), "nothing created");
        }
    }

    @Test
    void groupCreationIsLimitedPerUser() {
        try (DemoFixture demo = DemoFixture.start(Map.of("DEMO_GROUPS_PER_HOUR", "3"))) {
            String alice = demo.token("alice");
            for (int i = 0; i < 3; i++) {
                demo.post("/api/conversations", alice, Map.of("title", "Spam " + i, "memberIds", List.of("bob")))
                        .expect(201);
            }
            Response refused = demo.post("/api/conversations", alice,
                    Map.of("title", "Spam 3", "memberIds", List.of("bob")));
            assertEquals(429, refused.status(), refused::body);
            assertEquals("rate_limited", refused.errorCode());
            // 3 per hour: the next one in about 20 minutes
            long retryAfter = retryAfter(demo, alice);
            assertTrue(retryAfter > 15 * 60 && retryAfter <= 20 * 60, "Retry-After " + retryAfter);
            assertEquals(5, demo.get("/api/conversations", alice).expect(200).json().size(), "2 seeded + 3");

            // the limit is per user: bob still may
            demo.post("/api/conversations", demo.token("bob"), Map.of("title", "Bob's", "memberIds", List.of()))
                    .expect(201);
        }
    }

    private static long retryAfter(DemoFixture demo, String token) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(demo.httpUrl() + "/api/conversations")).timeout(DemoFixture.WAIT)
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\",\"memberIds\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(429, response.statusCode(), response.body());
            return Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
