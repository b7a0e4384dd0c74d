package dev.syncio.demo.api;

import dev.syncio.demo.chat.ChatException;
import dev.syncio.demo.orders.OrderException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code {"error": {"code", "message"}}} with its status: refusals of the
 * chat layer (400/403/404) and of the orders board (400/404/409), API errors (400/401/...), Javalin's own (unknown route: 404), and
 * anything else as 500 {@code internal} with a reference that is in the log.
 */
public final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** Installs the exception handlers on {@code app}. */
    public static void install(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            if (e.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            respond(ctx, e.status(), e.code(), e.getMessage());
        });
        app.exception(ChatException.class, (e, ctx) -> respond(ctx, status(e.kind()), e.kind().errorCode().wireValue(),
                e.getMessage()));
        app.exception(OrderException.class, (e, ctx) -> respond(ctx, e.kind().status(), e.kind().code(),
                e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e.getStatus(), code(e.getStatus()),
                e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            log.error("{} {} failed (reference {})", ctx.method(), ctx.path(), reference, e);
            respond(ctx, 500, "internal", "internal error (reference " + reference + ")");
        });
    }

    private static void respond(Context ctx, int status, String code, String message) {
        ctx.status(status).json(ErrorBody.of(code, message));
    }

    private static int status(ChatException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
        };
    }

    private static String code(int status) {
        return switch (status) {
            case 400, 413, 415 -> "invalid_payload";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http_" + status;
        };
    }
}
