package dev.syncio.demo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin server: the chat page from the classpath's {@code /public} at {@code /}, the REST
 * API, and JSON errors for everything. Not started.
 */
public final class HttpServer {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final String PAGE_DIRECTORY = "/public";

    private HttpServer() {
    }

    /**
     * A Javalin app with the page, the error handling and the routes {@code routes} registers.
     *
     * @param ready       while it answers false (starting, stopping), {@code /api/*} answers 503
     *                    {@code unavailable}
     * @param stopTimeout how long {@code stop()} lets requests in flight finish (it stops accepting
     *                    connections at once)
     */
    public static Javalin create(ObjectMapper mapper, BooleanSupplier ready, Duration stopTimeout,
                                 Consumer<Javalin> routes) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jetty.modifyServer(server -> {
                // graceful stop: Jetty waits for the requests a StatisticsHandler counts, up to the timeout
                server.setStopTimeout(stopTimeout.toMillis());
                server.setHandler(new StatisticsHandler());
            });
            config.jsonMapper(new JavalinJackson(mapper, false));
            if (HttpServer.class.getResource(PAGE_DIRECTORY) != null) {
                config.staticFiles.add(PAGE_DIRECTORY, Location.CLASSPATH);
            } else {
                log.warn("the chat page is not on the classpath ({}); serving the API only", PAGE_DIRECTORY);
            }
        });
        ApiErrors.install(app);
        app.before("/api/*", ctx -> {
            if (!ready.getAsBoolean()) {
                throw ApiException.unavailable("starting up or stopping, try again shortly", Duration.ofSeconds(1));
            }
        });
        routes.accept(app);
        return app;
    }
}
