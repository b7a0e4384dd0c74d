package dev.syncio.it.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.DemoFixture.Response;
import dev.syncio.it.support.RedisServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /health} when a dependency goes away: 503, {@code status: "down"}, and which one is
 * down; back to 200 when it returns.
 */
class HealthTest {

    @Test
    void aLostDatabaseIsReportedAsDown() throws Exception {
        try (DemoFixture demo = DemoFixture.start()) {
            demo.get("/health", null).expect(200);
            String dbUrl = demo.demo().config().dbUrl();
            try (Connection connection = DriverManager.getConnection(dbUrl);
                 Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN"); // the in-memory database and its tables are gone
            }

            Response health = demo.get("/health", null);
            assertEquals(503, health.status(), health::body);
            JsonNode body = health.json();
            assertEquals("down", body.path("status").asText(), health::body);
            assertEquals("[\"database\"]", body.path("down").toString());
            assertEquals("down", body.path("checks").path("database").path("status").asText());
            assertEquals("query failed", body.path("checks").path("database").path("error").asText());
            assertEquals("up", body.path("checks").path("sync").path("status").asText(), "the rest is still up");
            assertTrue(!health.body().contains("jdbc") && !health.body().contains("Table"),
                    "no database details for clients: " + health.body());
        }
    }

    @Test
    void aLostRedisIsReportedAsDownUntilItIsBack() throws Exception {
        try (RedisServer redis = RedisServer.start();
             DemoFixture demo = DemoFixture.start(Map.of("SYNC_REDIS_URL", redis.url()))) {
            JsonNode up = demo.get("/health", null).expect(200).json();
            assertEquals("up", up.path("checks").path("redis").path("status").asText(), up::toString);

            redis.stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> demo.get("/health", null).status() == 503);
            JsonNode down = demo.get("/health", null).json();
            assertEquals("[\"redis\"]", down.path("down").toString(), down::toString);
            assertEquals("down", down.path("checks").path("redis").path("status").asText());
            assertEquals("up", down.path("checks").path("database").path("status").asText());

            redis.restart();
            await().atMost(Duration.ofSeconds(60)).until(() -> demo.get("/health", null).status() == 200);
        }
    }
}
