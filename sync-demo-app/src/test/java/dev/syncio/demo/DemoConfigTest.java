package dev.syncio.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

    private static final String JWT_SECRET = "a-configured-jwt-secret-of-32-bytes-or-more";

    @Test
    void anEmptyEnvironmentGivesTheDocumentedDefaults() {
        DemoConfig config = DemoConfig.from(Map.of());
        assertEquals(8080, config.httpPort());
        assertEquals(9092, config.syncPort());
        assertEquals("jdbc:h2:file:./data/syncio-demo", config.dbUrl(), "embedded, and no AUTO_SERVER port");
        assertNull(config.dbUser());
        assertNull(config.dbPassword());
        assertNull(config.redisUrl());
        assertEquals(20.0, config.rateLimit());
        assertEquals(Duration.ofMillis(120_000), config.recoveryWindow());
        assertEquals(List.of(), config.allowedOrigins());
        assertEquals(List.of("http://localhost:8080", "http://127.0.0.1:8080"), config.allowedOriginsFor(8080));
        assertNull(config.watchDir(), "no folder is watched unless asked");
    }

    @Test
    void theWatchedFolderIsReadAsAPath() {
        DemoConfig config = DemoConfig.from(Map.of("DEMO_WATCH_DIR", " /tmp/inbox "));
        assertEquals(Path.of("/tmp/inbox"), config.watchDir());
        assertTrue(config.toString().contains("watchDir=/tmp/inbox"), config::toString);
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> DemoConfig.from(Map.of("DEMO_WATCH_DIR", "bad\0path")));
        assertTrue(invalid.getMessage().startsWith("DEMO_WATCH_DIR"), invalid::getMessage);
    }

    @Test
    void unsetSecretsAreRandomPerStartAndLongEnough() {
        DemoConfig first = DemoConfig.from(Map.of());
        DemoConfig second = DemoConfig.from(Map.of());
        assertTrue(first.jwtSecret().generated());
        assertTrue(first.webhookSecret().generated());
        assertNotEquals(first.jwtSecret().value(), second.jwtSecret().value());
        assertNotEquals(first.jwtSecret().value(), first.webhookSecret().value());
        assertTrue(first.jwtSecret().value().length() >= DemoConfig.MIN_JWT_SECRET_BYTES);
    }

    @Test
    void everyVariableIsRead() {
        DemoConfig config = DemoConfig.from(Map.ofEntries(
                Map.entry("HTTP_PORT", "0"),
                Map.entry("SYNC_PORT", " 9100 "),
                Map.entry("SYNC_JWT_SECRET", JWT_SECRET),
                Map.entry("SYNC_REDIS_URL", "redis://localhost:6379"),
                Map.entry("SYNC_DB_URL", "jdbc:postgresql://db.example.com:5432/syncio"),
                Map.entry("SYNC_DB_USER", " syncio "),
                Map.entry("SYNC_DB_PASSWORD", " pass word "),
                Map.entry("SYNC_ALLOWED_ORIGINS", " https://chat.example.com , http://localhost:3000,, "),
                Map.entry("SYNC_RATE_LIMIT", "2.5"),
                Map.entry("SYNC_RECOVERY_WINDOW_MS", "5000"),
                Map.entry("DEMO_WEBHOOK_SECRET", "hook")));
        assertEquals(0, config.httpPort());
        assertEquals(9100, config.syncPort());
        assertEquals(JWT_SECRET, config.jwtSecret().value());
        assertFalse(config.jwtSecret().generated());
        assertEquals("redis://localhost:6379", config.redisUrl());
        assertEquals("jdbc:postgresql://db.example.com:5432/syncio", config.dbUrl());
        assertEquals("syncio", config.dbUser());
        assertEquals(" pass word ", config.dbPassword().value(), "a password is taken as it is");
        assertFalse(config.dbPassword().generated());
        assertEquals(List.of("https://chat.example.com", "http://localhost:3000"), config.allowedOrigins());
        assertEquals(config.allowedOrigins(), config.allowedOriginsFor(8080), "configured origins replace the default");
        assertEquals(2.5, config.rateLimit());
        assertEquals(Duration.ofSeconds(5), config.recoveryWindow());
        assertEquals("hook", config.webhookSecret().value());
        assertFalse(config.webhookSecret().generated());
    }

    @Test
    void blankValuesMeanUnset() {
        DemoConfig config = DemoConfig.from(Map.of("HTTP_PORT", " ", "SYNC_DB_URL", "", "SYNC_REDIS_URL", "  ",
                "SYNC_JWT_SECRET", "", "SYNC_DB_USER", " ", "SYNC_DB_PASSWORD", ""));
        assertEquals(8080, config.httpPort());
        assertEquals(DemoConfig.DEFAULT_DB_URL, config.dbUrl());
        assertNull(config.dbUser());
        assertNull(config.dbPassword(), "no database password is ever made up");
        assertNull(config.redisUrl());
        assertTrue(config.jwtSecret().generated());
    }

    @Test
    void invalidValuesNameTheVariable() {
        assertMessage("HTTP_PORT", Map.of("HTTP_PORT", "eighty"));
        assertMessage("SYNC_PORT", Map.of("SYNC_PORT", "70000"));
        assertMessage("HTTP_PORT", Map.of("HTTP_PORT", "-1"));
        assertMessage("SYNC_RATE_LIMIT", Map.of("SYNC_RATE_LIMIT", "0"));
        assertMessage("SYNC_RATE_LIMIT", Map.of("SYNC_RATE_LIMIT", "fast"));
        // a whole number of milliseconds, 0 to syncio's longest window (2^31 - 1 ms)
        for (String invalid : List.of("-5", "two minutes", "1.5", "NaN", "2147483648", "99999999999999999999")) {
            assertMessage("SYNC_RECOVERY_WINDOW_MS", Map.of("SYNC_RECOVERY_WINDOW_MS", invalid));
        }
        assertMessage("DEMO_SHUTDOWN_TIMEOUT_MS", Map.of("DEMO_SHUTDOWN_TIMEOUT_MS", "3000000000"));
    }

    @Test
    void aZeroRecoveryWindowTurnsRecoveryOffAndTheLongestIsSyncioLimit() {
        assertEquals(Duration.ZERO, DemoConfig.from(Map.of("SYNC_RECOVERY_WINDOW_MS", "0")).recoveryWindow());
        assertEquals(Duration.ofMillis(Integer.MAX_VALUE),
                DemoConfig.from(Map.of("SYNC_RECOVERY_WINDOW_MS", String.valueOf(Integer.MAX_VALUE))).recoveryWindow());
        assertEquals(dev.syncio.SyncConfig.Recovery.DEFAULT.window(), DemoConfig.from(Map.of()).recoveryWindow(),
                "the library's default");
    }

    @Test
    void aShortJwtSecretIsRefusedWithoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoConfig.from(Map.of("SYNC_JWT_SECRET", "too-short-secret")));
        assertTrue(e.getMessage().contains("SYNC_JWT_SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("too-short-secret"), "the secret is not quoted");
    }

    @Test
    void secretsAndUrlCredentialsStayOutOfToString() {
        DemoConfig config = DemoConfig.from(Map.of("SYNC_JWT_SECRET", JWT_SECRET, "DEMO_WEBHOOK_SECRET", "hook-secret",
                "SYNC_DB_URL", "jdbc:h2:mem:x;PASSWORD=db-password", "SYNC_REDIS_URL", "redis://:redis-password@host"));
        String text = config.toString();
        for (String secret : List.of(JWT_SECRET, "hook-secret", "db-password", "redis-password")) {
            assertFalse(text.contains(secret), secret + " in " + text);
        }
        DemoConfig postgres = DemoConfig.from(Map.of("SYNC_DB_URL",
                "jdbc:postgresql://db/syncio?password=url-password&ssl=true", "SYNC_DB_USER", "syncio",
                "SYNC_DB_PASSWORD", "env-password"));
        String shown = postgres.toString();
        assertFalse(shown.contains("url-password"), shown);
        assertFalse(shown.contains("env-password"), shown);
        assertTrue(shown.contains("db=jdbc:postgresql://db/syncio,"), shown);
        assertTrue(shown.contains("dbUser=syncio"), shown);
        assertTrue(shown.contains("dbPassword=set"), shown);
        assertEquals("jdbc:postgresql://db/syncio", postgres.dbUrlWithoutOptions());
        DemoConfig generated = DemoConfig.from(Map.of());
        assertFalse(generated.toString().contains(generated.jwtSecret().value()));
        assertFalse(generated.toString().contains(generated.webhookSecret().value()));
    }

    private static void assertMessage(String variable, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoConfig.from(env));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }

    @Test
    void theLimitsHaveDefaultsAndAreRead() {
        DemoConfig.Limits defaults = DemoConfig.from(Map.of()).limits();
        assertEquals(10, defaults.loginsPerAddress());
        assertEquals(5, defaults.loginFailuresPerUser());
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), defaults.loginConcurrency());
        assertEquals(50, defaults.maxGroupMembers());
        assertEquals(20, defaults.groupsPerUserPerHour());
        assertEquals(Duration.ofSeconds(10), defaults.shutdownTimeout());

        DemoConfig.Limits limits = DemoConfig.from(Map.of("DEMO_LOGIN_ADDRESS_LIMIT", "3",
                "DEMO_LOGIN_USER_FAILURES", "4", "DEMO_LOGIN_CONCURRENCY", "2", "DEMO_MAX_GROUP_MEMBERS", "7",
                "DEMO_GROUPS_PER_HOUR", "9", "DEMO_SHUTDOWN_TIMEOUT_MS", "2500")).limits();
        assertEquals(new DemoConfig.Limits(3, 4, 2, 7, 9, Duration.ofMillis(2500)), limits);

        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> DemoConfig.from(Map.of("DEMO_LOGIN_CONCURRENCY", "0")));
        assertTrue(zero.getMessage().contains("DEMO_LOGIN_CONCURRENCY"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.from(Map.of("DEMO_SHUTDOWN_TIMEOUT_MS", "0")));
    }
}
