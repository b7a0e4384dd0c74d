package dev.syncio.demo.api;

import dev.syncio.demo.chat.LiveUpdates;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /health} (see {@link HealthCheck}: 200 when everything is up, else 503),
 * {@code GET /api/config} ({@code {syncPort}}; both without
 * authentication) and {@code GET /api/stats} (syncio's stats).
 */
public final class SystemApi {

    private final BearerAuth auth;
    private final LiveUpdates live;
    private final HealthCheck health;

    /** The health and stats endpoints. */
    public SystemApi(BearerAuth auth, LiveUpdates live, HealthCheck health) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.live = Objects.requireNonNull(live, "live");
        this.health = Objects.requireNonNull(health, "health");
    }

    /** Registers the routes. */
    public void register(Javalin app) {
        app.get("/health", this::health);
        app.get("/api/stats", this::stats);
        // unauthenticated: the page needs it before login to know where the Socket.IO server is
        app.get("/api/config", ctx -> ctx.json(Map.of("syncPort", live.syncPort())));
    }

    private void health(Context ctx) {
        HealthCheck.Report report = health.check();
        ctx.header("Cache-Control", "no-store");
        ctx.status(report.up() ? 200 : 503).json(report.body());
    }

    private void stats(Context ctx) {
        auth.userId(ctx);
        ctx.json(live.stats());
    }
}
