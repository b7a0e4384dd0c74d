package dev.syncio.demo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.demo.auth.Credentials;
import dev.syncio.demo.auth.TokenIssuer;
import dev.syncio.demo.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/login {username, password}} -> {@code {token, expiresAt, user:{id, name}}};
 * throttled per client address and per user name ({@link LoginThrottle}).
 */
public final class LoginApi {

    record LoginRequest(String username, String password) {

        @Override
        public String toString() {
            return "LoginRequest[username=" + username + "]";
        }
    }

    record UserView(String id, String name) {
    }

    record LoginResponse(String token, Instant expiresAt, UserView user) {
    }

    private final ObjectMapper mapper;
    private final Credentials credentials;
    private final TokenIssuer tokens;
    private final LoginThrottle throttle;

    /** The login endpoint, throttled by {@code throttle}. */
    public LoginApi(ObjectMapper mapper, Credentials credentials, TokenIssuer tokens, LoginThrottle throttle) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    /** Registers the route. */
    public void register(Javalin app) {
        app.post("/api/login", this::login);
    }

    private void login(Context ctx) {
        LoginRequest request = Json.body(ctx, mapper, LoginRequest.class);
        String username = Json.required(request.username(), "username");
        String password = Json.required(request.password(), "password");
        User user;
        // the client address is the TCP peer's: behind a proxy every client shares the proxy's
        try (LoginThrottle.Permit permit = throttle.acquire(ctx.ip(), username)) {
            Optional<User> found = credentials.check(username, password);
            if (found.isEmpty()) {
                permit.failed();
                throw ApiException.unauthorized("wrong username or password");
            }
            user = found.get();
        }
        TokenIssuer.IssuedToken issued = tokens.issue(user.id());
        ctx.json(new LoginResponse(issued.token(), issued.expiresAt(), new UserView(user.id(), user.name())));
    }
}
