package dev.syncio.demo.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.demo.orders.Orders;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * The orders board: {@code GET /api/orders} (every order), {@code POST /api/orders {number,
 * customer}} (201, a new order at version 1) and {@code PATCH /api/orders/{id} {paid?, produced?,
 * shipped?, version}} (200 with the order one version on; 409 {@code conflict} when
 * {@code version} is not the current one, 404 for an unknown id). Any logged-in user may use it.
 *
 * <p>The flags and the version are checked strictly (a JSON boolean, a whole number): Jackson would
 * otherwise read {@code "true"}, {@code 1} or {@code 2.7} into them, and a board that guesses
 * what a client meant could tick the wrong box.
 */
public final class OrderApi {

    record CreateRequest(String number, String customer) {
    }

    private final ObjectMapper mapper;
    private final BearerAuth auth;
    private final Orders orders;

    /** The order endpoints. */
    public OrderApi(ObjectMapper mapper, BearerAuth auth, Orders orders) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.orders = Objects.requireNonNull(orders, "orders");
    }

    /** Registers the routes. */
    public void register(Javalin app) {
        app.get("/api/orders", this::list);
        app.post("/api/orders", this::create);
        app.patch("/api/orders/{orderId}", this::update);
    }

    private void list(Context ctx) {
        auth.userId(ctx);
        ctx.json(orders.list());
    }

    private void create(Context ctx) {
        auth.userId(ctx);
        CreateRequest request = Json.body(ctx, mapper, CreateRequest.class);
        ctx.status(201).json(orders.create(Json.required(request.number(), "number"),
                Json.required(request.customer(), "customer")));
    }

    private void update(Context ctx) {
        auth.userId(ctx);
        JsonNode body = Json.body(ctx, mapper, JsonNode.class);
        if (!body.isObject()) {
            throw ApiException.invalid("the body must be a JSON object");
        }
        JsonNode version = body.get("version");
        if (version == null || version.isNull()) {
            throw ApiException.invalid("field 'version' is required");
        }
        if (!version.isIntegralNumber() || !version.canConvertToLong()) {
            throw ApiException.invalid("field 'version' must be a whole number");
        }
        ctx.json(orders.update(ctx.pathParam("orderId"), new Orders.Change(flag(body, "paid"),
                flag(body, "produced"), flag(body, "shipped"), version.longValue())));
    }

    /** The field as a boolean, null when absent or null. */
    private static Boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiException.invalid("field '" + field + "' must be true or false");
        }
        return value.booleanValue();
    }
}
