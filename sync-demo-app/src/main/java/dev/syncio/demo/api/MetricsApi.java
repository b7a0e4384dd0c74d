package dev.syncio.demo.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/**
 * {@code GET /metrics}: syncio's meters ({@code syncio_*}, see docs/operations.md) in the
 * Prometheus text format, for a Prometheus scraper. Without authentication, like {@code /health}:
 * the figures name no user, but they tell about the load and the traffic, so an operator keeps
 * the path off the public internet (docs/demo.md).
 */
public final class MetricsApi {

    /** The Prometheus text exposition format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    /** The endpoint over the registry that the Socket.IO server's meters are bound to. */
    public MetricsApi(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Registers the route. */
    public void register(Javalin app) {
        app.get("/metrics", this::metrics);
    }

    private void metrics(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }
}
