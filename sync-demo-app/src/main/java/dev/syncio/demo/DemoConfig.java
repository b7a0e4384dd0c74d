package dev.syncio.demo;

import dev.syncio.SyncConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The demo's settings, read from the environment (see docs/demo.md for the table).
 *
 * @param httpPort       {@code HTTP_PORT}: REST API and page, 0 for an ephemeral port
 * @param syncPort       {@code SYNC_PORT}: Socket.IO, 0 for an ephemeral port
 * @param jwtSecret      {@code SYNC_JWT_SECRET}: HS256 secret of the login tokens (at least 32 bytes)
 * @param redisUrl       {@code SYNC_REDIS_URL}: cluster mode, or null for a single node
 * @param dbUrl          {@code SYNC_DB_URL}: the JDBC URL (H2 or PostgreSQL, both drivers bundled)
 * @param dbUser         {@code SYNC_DB_USER}: the database user, or null for the driver's default
 *                       (or one the URL names)
 * @param dbPassword     {@code SYNC_DB_PASSWORD}: the database password, or null for none (or one
 *                       the URL names); never shown by {@link #toString}
 * @param allowedOrigins {@code SYNC_ALLOWED_ORIGINS}: browser origins for the Socket.IO port; empty
 *                       for the default (the page's own origin, see {@link #allowedOriginsFor})
 * @param rateLimit      {@code SYNC_RATE_LIMIT}: client events per second per socket
 * @param recoveryWindow {@code SYNC_RECOVERY_WINDOW_MS}: how long a client that lost its connection
 *                       may recover its session (its socket id, conversations and missed events);
 *                       zero turns recovery off
 * @param webhookSecret  {@code DEMO_WEBHOOK_SECRET}: shared secret of the inbound webhook
 * @param limits         the abuse limits of the REST API ({@code DEMO_LOGIN_*}, {@code DEMO_GROUP*},
 *                       {@code DEMO_MAX_GROUP_MEMBERS}) and the shutdown bound
 * @param watchDir       {@code DEMO_WATCH_DIR}: a folder whose file changes go to the topic
 *                       {@code files} ({@link dev.syncio.demo.files.FolderWatcher}), or null for none
 */
public record DemoConfig(int httpPort, int syncPort, Secret jwtSecret, String redisUrl, String dbUrl,
                         String dbUser, Secret dbPassword, List<String> allowedOrigins, double rateLimit,
                         Duration recoveryWindow, Secret webhookSecret, Limits limits, Path watchDir) {

    /**
     * The default database: an embedded H2 file under ./data/, for one instance. It opens no TCP
     * port (no {@code AUTO_SERVER}); several instances share a PostgreSQL database instead (see
     * docs/demo.md).
     */
    public static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/syncio-demo";
    /** The smallest HS256 secret, in bytes. */
    public static final int MIN_JWT_SECRET_BYTES = 32;
    /** The longest recovery window syncio accepts ({@code SyncServer.Builder.recoveryWindow}). */
    public static final Duration MAX_RECOVERY_WINDOW = Duration.ofMillis(Integer.MAX_VALUE);

    /**
     * A secret and whether it was generated because none was configured. Its {@code toString}
     * never shows the value.
     *
     * @param value     the secret
     * @param generated true when random for this run
     */
    public record Secret(String value, boolean generated) {

        /** Validates. */
        public Secret {
            Objects.requireNonNull(value, "value");
        }

        /** A random secret (48 random bytes, base64url). */
        public static Secret random() {
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            return new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), true);
        }

        /** Never shows the value. */
        @Override
        public String toString() {
            return generated ? "Secret[random]" : "Secret[configured]";
        }
    }

    /**
     * The REST API's abuse limits and the shutdown bound (see docs/demo.md, "Limits").
     *
     * @param loginsPerAddress      {@code DEMO_LOGIN_ADDRESS_LIMIT}: login attempts per client address per
     *                              minute (a burst of that many, then one more every 60/n seconds)
     * @param loginFailuresPerUser  {@code DEMO_LOGIN_USER_FAILURES}: failed logins per user name per 15
     *                              minutes (a burst of that many, then one more every 15/n minutes)
     * @param loginConcurrency      {@code DEMO_LOGIN_CONCURRENCY}: password checks running at once; more
     *                              are refused at once (503)
     * @param maxGroupMembers       {@code DEMO_MAX_GROUP_MEMBERS}: {@code memberIds} per new group
     * @param groupsPerUserPerHour  {@code DEMO_GROUPS_PER_HOUR}: groups one user may create per hour (a
     *                              burst of that many, then one more every 60/n minutes)
     * @param shutdownTimeout       {@code DEMO_SHUTDOWN_TIMEOUT_MS}: how long stopping on SIGTERM may take
     *                              before the process exits anyway
     */
    public record Limits(int loginsPerAddress, int loginFailuresPerUser, int loginConcurrency, int maxGroupMembers,
                         int groupsPerUserPerHour, Duration shutdownTimeout) {

        /** The defaults of an empty environment. */
        public static final Limits DEFAULTS = new Limits(10, 5, defaultLoginConcurrency(), 50, 20,
                Duration.ofSeconds(10));

        /** Validates. */
        public Limits {
            positive(loginsPerAddress, "DEMO_LOGIN_ADDRESS_LIMIT");
            positive(loginFailuresPerUser, "DEMO_LOGIN_USER_FAILURES");
            positive(loginConcurrency, "DEMO_LOGIN_CONCURRENCY");
            positive(maxGroupMembers, "DEMO_MAX_GROUP_MEMBERS");
            positive(groupsPerUserPerHour, "DEMO_GROUPS_PER_HOUR");
            Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
            if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
                throw new IllegalArgumentException("DEMO_SHUTDOWN_TIMEOUT_MS must be positive");
            }
        }

        /** Half the processors, at least one: PBKDF2 never takes every core. */
        public static int defaultLoginConcurrency() {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }

        private static void positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
        }
    }

    /** A configuration without a watched folder. */
    public DemoConfig(int httpPort, int syncPort, Secret jwtSecret, String redisUrl, String dbUrl, String dbUser,
                      Secret dbPassword, List<String> allowedOrigins, double rateLimit, Duration recoveryWindow,
                      Secret webhookSecret, Limits limits) {
        this(httpPort, syncPort, jwtSecret, redisUrl, dbUrl, dbUser, dbPassword, allowedOrigins, rateLimit,
                recoveryWindow, webhookSecret, limits, null);
    }

    /** A configuration with the default {@link Limits}. */
    public DemoConfig(int httpPort, int syncPort, Secret jwtSecret, String redisUrl, String dbUrl, String dbUser,
                      Secret dbPassword, List<String> allowedOrigins, double rateLimit, Duration recoveryWindow,
                      Secret webhookSecret) {
        this(httpPort, syncPort, jwtSecret, redisUrl, dbUrl, dbUser, dbPassword, allowedOrigins, rateLimit,
                recoveryWindow, webhookSecret, Limits.DEFAULTS);
    }

    /** Validates and copies. */
    public DemoConfig {
        checkPort(httpPort, "HTTP_PORT");
        checkPort(syncPort, "SYNC_PORT");
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        if (jwtSecret.value().getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
            throw new IllegalArgumentException("SYNC_JWT_SECRET must be at least " + MIN_JWT_SECRET_BYTES
                    + " bytes (HS256)");
        }
        Objects.requireNonNull(dbUrl, "dbUrl");
        allowedOrigins = List.copyOf(allowedOrigins);
        if (!(rateLimit > 0) || Double.isInfinite(rateLimit)) {
            throw new IllegalArgumentException("SYNC_RATE_LIMIT must be a positive number, was " + rateLimit);
        }
        Objects.requireNonNull(recoveryWindow, "recoveryWindow");
        if (recoveryWindow.isNegative() || recoveryWindow.compareTo(MAX_RECOVERY_WINDOW) > 0) {
            throw new IllegalArgumentException("SYNC_RECOVERY_WINDOW_MS must be between 0 (off) and "
                    + MAX_RECOVERY_WINDOW.toMillis() + " ms, was " + recoveryWindow.toMillis());
        }
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        if (webhookSecret.value().isEmpty()) {
            throw new IllegalArgumentException("DEMO_WEBHOOK_SECRET must not be empty");
        }
        Objects.requireNonNull(limits, "limits");
    }

    /** The settings from the process environment. */
    public static DemoConfig fromEnv() {
        return from(System.getenv());
    }

    /**
     * The settings from {@code env} (variable name to value); unset or blank variables take their
     * defaults, secrets included (random ones).
     *
     * @throws IllegalArgumentException naming the variable that has an invalid value (secret
     *                                  values are never quoted)
     */
    public static DemoConfig from(Map<String, String> env) {
        return new DemoConfig(
                integer(env, "HTTP_PORT", 8080),
                integer(env, "SYNC_PORT", 9092),
                secret(env, "SYNC_JWT_SECRET"),
                value(env, "SYNC_REDIS_URL", null),
                value(env, "SYNC_DB_URL", DEFAULT_DB_URL),
                value(env, "SYNC_DB_USER", null),
                optionalSecret(env, "SYNC_DB_PASSWORD"),
                list(value(env, "SYNC_ALLOWED_ORIGINS", "")),
                number(env, "SYNC_RATE_LIMIT", 20),
                Duration.ofMillis(wholeNumber(env, "SYNC_RECOVERY_WINDOW_MS",
                        SyncConfig.Recovery.DEFAULT.window().toMillis())),
                secret(env, "DEMO_WEBHOOK_SECRET"),
                new Limits(
                        integer(env, "DEMO_LOGIN_ADDRESS_LIMIT", Limits.DEFAULTS.loginsPerAddress()),
                        integer(env, "DEMO_LOGIN_USER_FAILURES", Limits.DEFAULTS.loginFailuresPerUser()),
                        integer(env, "DEMO_LOGIN_CONCURRENCY", Limits.DEFAULTS.loginConcurrency()),
                        integer(env, "DEMO_MAX_GROUP_MEMBERS", Limits.DEFAULTS.maxGroupMembers()),
                        integer(env, "DEMO_GROUPS_PER_HOUR", Limits.DEFAULTS.groupsPerUserPerHour()),
                        Duration.ofMillis(integer(env, "DEMO_SHUTDOWN_TIMEOUT_MS",
                                (int) Limits.DEFAULTS.shutdownTimeout().toMillis()))),
                path(value(env, "DEMO_WATCH_DIR", null)));
    }

    /**
     * The browser origins allowed on the Socket.IO port: the configured ones, or else the page's
     * own, {@code http://localhost:<port>} and {@code http://127.0.0.1:<port>} with the port the
     * HTTP server actually bound.
     */
    public List<String> allowedOriginsFor(int boundHttpPort) {
        if (!allowedOrigins.isEmpty()) {
            return allowedOrigins;
        }
        return List.of("http://localhost:" + boundHttpPort, "http://127.0.0.1:" + boundHttpPort);
    }

    /**
     * The JDBC URL up to its options ({@code ;...} for H2, {@code ?...} for PostgreSQL), which
     * may carry credentials: what logs show of it.
     */
    public String dbUrlWithoutOptions() {
        return dbUrl.split("[;?]", 2)[0];
    }

    /** Leaves secrets and credentials that URLs may carry out of logs. */
    @Override
    public String toString() {
        return "DemoConfig[httpPort=" + httpPort + ", syncPort=" + syncPort + ", jwtSecret=" + jwtSecret
                + ", redis=" + (redisUrl == null ? "unset" : "set") + ", db=" + dbUrlWithoutOptions()
                + ", dbUser=" + (dbUser == null ? "unset" : dbUser)
                + ", dbPassword=" + (dbPassword == null ? "unset" : "set")
                + ", allowedOrigins=" + allowedOrigins + ", rateLimit=" + rateLimit + "/s, recoveryWindow="
                + recoveryWindow + ", webhookSecret=" + webhookSecret + ", limits=" + limits
                + ", watchDir=" + (watchDir == null ? "unset" : watchDir) + "]";
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static Path path(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("DEMO_WATCH_DIR is not a valid path, was '" + value + "'");
        }
    }

    private static Secret secret(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? Secret.random() : new Secret(value, false);
    }

    /** A configured secret, or null when unset or empty (never a random one). */
    private static Secret optionalSecret(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : new Secret(value, false);
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        long value = wholeNumber(env, name, fallback);
        if (value != (int) value) {
            throw new IllegalArgumentException(name + " is out of range, was " + value);
        }
        return (int) value;
    }

    private static long wholeNumber(Map<String, String> env, String name, long fallback) {
        String value = value(env, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static double number(Map<String, String> env, String name, double fallback) {
        String value = value(env, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }

    private static void checkPort(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), was " + port);
        }
    }
}
