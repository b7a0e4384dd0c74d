package dev.syncio.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.RateLimit;
import dev.syncio.SyncServer;
import dev.syncio.TopicAccess;
import dev.syncio.auth.JwtVerifier;
import dev.syncio.demo.api.BearerAuth;
import dev.syncio.demo.api.ConversationApi;
import dev.syncio.demo.api.HealthCheck;
import dev.syncio.demo.api.HttpServer;
import dev.syncio.demo.api.Json;
import dev.syncio.demo.api.LoginApi;
import dev.syncio.demo.api.LoginThrottle;
import dev.syncio.demo.api.MessageApi;
import dev.syncio.demo.api.MetricsApi;
import dev.syncio.demo.api.OrderApi;
import dev.syncio.demo.api.SystemApi;
import dev.syncio.demo.api.TokenBuckets;
import dev.syncio.demo.api.WebhookApi;
import dev.syncio.demo.auth.Credentials;
import dev.syncio.demo.auth.PasswordHasher;
import dev.syncio.demo.auth.TokenIssuer;
import dev.syncio.demo.chat.Conversations;
import dev.syncio.demo.chat.LiveUpdates;
import dev.syncio.demo.chat.Memberships;
import dev.syncio.demo.chat.MessageHistory;
import dev.syncio.demo.chat.MessageStatuses;
import dev.syncio.demo.chat.Messaging;
import dev.syncio.demo.chat.SendMessageEvent;
import dev.syncio.demo.files.FilesTopic;
import dev.syncio.demo.files.FolderWatcher;
import dev.syncio.demo.orders.Orders;
import dev.syncio.demo.store.ConversationStore;
import dev.syncio.demo.store.Database;
import dev.syncio.demo.store.Ids;
import dev.syncio.demo.store.MessageStore;
import dev.syncio.demo.store.OrderStore;
import dev.syncio.demo.store.ReadMarkStore;
import dev.syncio.demo.store.Schema;
import dev.syncio.demo.store.Seed;
import dev.syncio.demo.store.UserStore;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running demo service: database (schema and seed data), the REST API and pages (Javalin), the
 * Socket.IO server (syncio) and, when {@code DEMO_WATCH_DIR} is set, a {@link FolderWatcher},
 * wired together. {@link #start} returns it running;
 * {@link #close} stops all of it.
 *
 * <pre>{@code
 * try (Demo demo = Demo.start(DemoConfig.fromEnv())) {
 *     ... http://localhost:<demo.httpPort()>/ and the Socket.IO port demo.syncPort()
 * }
 * }</pre>
 */
public final class Demo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Demo.class);
    /** How long {@code /health} waits for the database. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The topics any logged-in user may subscribe to (every socket is logged in: the handshake
     * verified its token); everything else is refused.
     */
    private static final Set<String> OPEN_TOPICS = Set.of(Orders.TOPIC, FilesTopic.TOPIC);

    private final DemoConfig config;
    private final Database database;
    private final Javalin http;
    private final SyncServer sync;
    private final HealthCheck health;
    private final FolderWatcher watcher;
    private final AtomicBoolean stopping;
    private volatile boolean closed;

    private Demo(DemoConfig config, Database database, Javalin http, SyncServer sync, HealthCheck health,
                 FolderWatcher watcher, AtomicBoolean stopping) {
        this.config = config;
        this.database = database;
        this.http = http;
        this.sync = sync;
        this.health = health;
        this.watcher = watcher;
        this.stopping = stopping;
    }

    /**
     * Starts everything: the database pool (creating the schema and seed data when missing), the
     * HTTP server, then the Socket.IO server, whose default allowed origins name the HTTP port
     * actually bound. On failure whatever was started is stopped again.
     *
     * @throws IllegalStateException when a port cannot be bound or the configuration asks for
     *                               something this build cannot do
     */
    public static Demo start(DemoConfig config) {
        Objects.requireNonNull(config, "config");
        Database database = null;
        Javalin http = null;
        SyncServer sync = null;
        HealthCheck health = null;
        FolderWatcher watcher = null;
        AtomicBoolean stopping = new AtomicBoolean();
        try {
            Clock clock = Clock.systemUTC();
            Ids ids = new Ids(clock);
            PasswordHasher hasher = new PasswordHasher();
            database = Database.open(config.dbUrl(), config.dbUser(),
                    config.dbPassword() == null ? null : config.dbPassword().value());
            UserStore users = new UserStore();
            ConversationStore conversationStore = new ConversationStore();
            MessageStore messages = new MessageStore();
            OrderStore orderStore = new OrderStore();
            Schema.create(database);
            new Seed(database, users, conversationStore, orderStore, hasher, ids, clock).apply();

            JwtVerifier verifier = JwtVerifier.builder().hmacSecret(config.jwtSecret().value()).build();
            LiveUpdates live = new LiveUpdates();
            Memberships memberships = new Memberships(database, conversationStore);
            Messaging messaging = new Messaging(database, messages, memberships, live, ids, clock);
            ObjectMapper mapper = Json.mapper();
            BearerAuth auth = new BearerAuth(verifier);
            Database db = database;
            HealthCheck healthCheck = new HealthCheck(database, live, config.redisUrl() != null, stopping::get,
                    HEALTH_TIMEOUT);
            health = healthCheck;
            // syncio's meters, served at GET /metrics in the Prometheus text format
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Duration httpStopTimeout = config.limits().shutdownTimeout().dividedBy(3);
            http = HttpServer.create(mapper, () -> live.ready() && !stopping.get(), httpStopTimeout, app -> {
                new LoginApi(mapper, new Credentials(db, users, hasher),
                        new TokenIssuer(config.jwtSecret().value(), TokenIssuer.DEFAULT_LIFETIME, clock),
                        LoginThrottle.of(config.limits())).register(app);
                new ConversationApi(mapper, auth,
                        new Conversations(db, conversationStore, messages, users, live, ids, clock,
                                config.limits().maxGroupMembers()),
                        TokenBuckets.perPeriod(config.limits().groupsPerUserPerHour(), Duration.ofHours(1), 10_000))
                        .register(app);
                new MessageApi(mapper, auth, messaging, new MessageHistory(db, messages, memberships),
                        new MessageStatuses(db, messages, new ReadMarkStore(), memberships, live, clock)).register(app);
                new WebhookApi(mapper, config.webhookSecret().value(), messaging).register(app);
                new OrderApi(mapper, auth, new Orders(db, orderStore, live, ids, clock)).register(app);
                new SystemApi(auth, live, healthCheck).register(app);
                new MetricsApi(meters).register(app);
            });
            http.start(config.httpPort());

            List<String> origins = config.allowedOriginsFor(http.port());
            SyncServer.Builder syncBuilder = SyncServer.builder()
                    .port(config.syncPort())
                    .allowedOrigins(origins.toArray(String[]::new))
                    .auth(verifier)
                    .conversationAccess(memberships.policy())
                    .topicAccess(TopicAccess.blocking((user, topic) -> OPEN_TOPICS.contains(topic)))
                    // a third of the shutdown bound, as the HTTP server gets: in-flight socket events
                    // (their database transactions) finish within it before the clients are moved
                    .shutdownGracePeriod(httpStopTimeout)
                    .rateLimit(RateLimit.perSecond(config.rateLimit()))
                    .recoveryWindow(config.recoveryWindow())
                    .meterRegistry(meters);
            if (config.redisUrl() != null) {
                // cluster mode: every node of the service shares this Redis (and one database)
                syncBuilder.redis(config.redisUrl());
            }
            sync = syncBuilder.build();
            SendMessageEvent.register(sync, messaging);
            sync.start();
            live.attach(sync);
            if (config.watchDir() != null) {
                watcher = FolderWatcher.start(config.watchDir(), FilesTopic.publisher(live), clock);
            }

            warnAboutGeneratedSecrets(config);
            log.info("demo started: HTTP port {}, Socket.IO port {}, allowed origins {}, database {}, recovery {}",
                    http.port(), sync.port(), origins, config.dbUrlWithoutOptions(),
                    config.recoveryWindow().isZero() ? "off" : "window " + config.recoveryWindow().toMillis() + " ms");
            return new Demo(config, database, http, sync, health, watcher, stopping);
        } catch (RuntimeException | Error e) {
            // an Error too (a missing class, say): a half-started demo must not keep its ports and threads
            stopping.set(true);
            RuntimeException failure = new IllegalStateException("stopping the half-started demo failed");
            stopQuietly(watcher, http, sync, health, database, failure);
            for (Throwable suppressed : failure.getSuppressed()) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The port of the REST API and the page. */
    public int httpPort() {
        return http.port();
    }

    /** The Socket.IO port. */
    public int syncPort() {
        return sync.port();
    }

    /** The configuration this instance runs with. */
    public DemoConfig config() {
        return config;
    }

    /**
     * Stops, in this order: marks the service as stopping ({@code /health} and {@code /api/*} answer
     * 503), stops the folder watcher, stops the HTTP server (no new connections; requests in flight get a third of
     * {@code DEMO_SHUTDOWN_TIMEOUT_MS} to finish), closes the Socket.IO server (its clients are
     * disconnected and reconnect, to another node behind a load balancer), then the database pool.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        stopping.set(true);
        RuntimeException failure = new IllegalStateException("stopping the demo failed");
        stopQuietly(watcher, http, sync, health, database, failure);
        log.info("demo stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void stopQuietly(FolderWatcher watcher, Javalin http, SyncServer sync, HealthCheck health,
                                    Database database, RuntimeException failure) {
        if (watcher != null) {
            run(watcher::close, failure);
        }
        if (http != null) {
            log.info("stopping: HTTP server (no new requests)");
            run(http::stop, failure);
        }
        if (sync != null) {
            log.info("stopping: Socket.IO server (clients are disconnected and reconnect)");
            run(sync::close, failure);
        }
        if (health != null) {
            run(health::close, failure);
        }
        if (database != null) {
            log.info("stopping: database pool");
            run(database::close, failure);
        }
    }

    private static void run(Runnable step, RuntimeException failure) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void warnAboutGeneratedSecrets(DemoConfig config) {
        if (config.jwtSecret().generated()) {
            log.warn("SYNC_JWT_SECRET is not set: login tokens are signed with a random secret for this run only "
                    + "(they stop working on restart and other instances refuse them); set SYNC_JWT_SECRET "
                    + "(at least {} bytes) to keep them", DemoConfig.MIN_JWT_SECRET_BYTES);
        }
        if (config.webhookSecret().generated()) {
            log.warn("DEMO_WEBHOOK_SECRET is not set: POST /api/webhooks/inbound expects a random secret for this run "
                    + "that is not shown anywhere; set DEMO_WEBHOOK_SECRET to call the webhook");
        }
    }
}
