package dev.syncio.demo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.demo.auth.Credentials;
import dev.syncio.demo.auth.TokenIssuer;
import dev.syncio.demo.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Objects;

/** {@code POST /api/login {username, password}} -> {@code {token, expiresAt, user:{id, name}}}. */
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

    /** The login endpoint. */
    public LoginApi(ObjectMapper mapper, Credentials credentials, TokenIssuer tokens) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** Registers the route. */
    public void register(Javalin app) {
        app.post("/api/login", this::login);
    }

    private void login(Context ctx) {
        LoginRequest request = Json.body(ctx, mapper, LoginRequest.class);
        String username = Json.required(request.username(), "username");
        String password = Json.required(request.password(), "password");
        User user = credentials.check(username, password)
                .orElseThrow(() -> ApiException.unauthorized("wrong username or password"));
        TokenIssuer.IssuedToken issued = tokens.issue(user.id());
        ctx.json(new LoginResponse(issued.token(), issued.expiresAt(), new UserView(user.id(), user.name())));
    }
}
