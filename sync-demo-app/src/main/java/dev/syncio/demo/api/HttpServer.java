package dev.syncio.demo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
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
     * @param ready until it answers true, {@code /api/*} answers 503 {@code unavailable}
     */
    public static Javalin create(ObjectMapper mapper, BooleanSupplier ready, Consumer<Javalin> routes) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
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
                throw new ApiException(503, "unavailable", "starting up, try again shortly");
            }
        });
        routes.accept(app);
        return app;
    }
}
