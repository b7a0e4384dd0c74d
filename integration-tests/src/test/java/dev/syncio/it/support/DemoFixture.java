package dev.syncio.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.demo.Demo;
import dev.syncio.demo.DemoConfig;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.json.JSONObject;

/**
 * The real demo service ({@link Demo}) running in-process for the REST and socket tests: ephemeral
 * ports, its own in-memory H2 database or a given one such as a {@link PostgresServer}'s (seeded:
 * alice, bob, carol; General and alice-bob), and known secrets ({@link #JWT_SECRET},
 * {@link #WEBHOOK_SECRET}). Helpers log in, send JSON requests with {@link HttpClient}, and connect
 * real Java Socket.IO clients. {@link #close()} stops everything.
 *
 * <pre>{@code
 * try (DemoFixture demo = DemoFixture.start()) {
 *     String general = demo.conversationId("alice", "General");
 *     DemoFixture.Response sent = demo.post("/api/conversations/" + general + "/messages", demo.token("alice"),
 *             Map.of("text", "hi"));
 * }
 * }</pre>
 */
public final class DemoFixture implements AutoCloseable {

    /** The HS256 secret of the fixture's login tokens. */
    public static final String JWT_SECRET = "demo-fixture-jwt-secret-0123456789-abcdefghij";
    /** The inbound webhook's shared secret. */
    public static final String WEBHOOK_SECRET = "demo-fixture-webhook-secret";
    /** The seeded users' password. */
    public static final String PASSWORD = "demo";
    /** How long one wait for a response, an ack or an event may take. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * One HTTP response.
     *
     * @param status the status code
     * @param body   the raw body
     * @param json   the body parsed as JSON, or null when it is not JSON
     */
    public record Response(int status, String body, JsonNode json) {

        /** The response itself, after checking its status. */
        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        /** The {@code error.code} of an error response (which must have the contract's shape). */
        public String errorCode() {
            JsonNode error = json == null ? null : json.get("error");
            if (error == null || !error.path("code").isTextual() || !error.path("message").isTextual()) {
                throw new AssertionError("not an {error:{code,message}} body: " + body);
            }
            return error.get("code").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dbUrl;
    private final boolean ownDatabase;
    private final Demo demo;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final JavaClients clients = new JavaClients();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private DemoFixture(String dbUrl, boolean ownDatabase, Demo demo) {
        this.dbUrl = dbUrl;
        this.ownDatabase = ownDatabase;
        this.demo = demo;
    }

    /** Starts the demo service with the fixture's settings on its own in-memory H2 database. */
    public static DemoFixture start() {
        String dbUrl = "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        return new DemoFixture(dbUrl, true, Demo.start(DemoConfig.from(env(dbUrl, null, null))));
    }

    /**
     * Starts the demo service with the fixture's settings, overridden or extended by {@code env}
     * (for example a limit), on its own in-memory H2 database.
     */
    public static DemoFixture start(Map<String, String> env) {
        String dbUrl = "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Map<String, String> settings = env(dbUrl, null, null);
        settings.putAll(env);
        return new DemoFixture(dbUrl, true, Demo.start(DemoConfig.from(settings)));
    }

    /** The environment {@link #start()} gives the demo on this database (e.g. for a demo in its own process). */
    public static Map<String, String> env(String dbUrl) {
        return env(dbUrl, null, null);
    }

    /**
     * Starts the demo service with the fixture's settings on a database the caller owns (several
     * fixtures may share it, as instances of a cluster do; {@link #close()} leaves it alone).
     *
     * @param dbUser     {@code SYNC_DB_USER}, or null
     * @param dbPassword {@code SYNC_DB_PASSWORD}, or null
     */
    public static DemoFixture start(String dbUrl, String dbUser, String dbPassword) {
        return new DemoFixture(dbUrl, false, Demo.start(DemoConfig.from(env(dbUrl, dbUser, dbPassword))));
    }

    /** Starts one node of a demo cluster: a shared database and {@code SYNC_REDIS_URL}. */
    public static DemoFixture startNode(String dbUrl, String dbUser, String dbPassword, String redisUrl) {
        return new DemoFixture(dbUrl, false, Demo.start(DemoConfig.from(nodeEnv(dbUrl, dbUser, dbPassword, redisUrl))));
    }

    /** The environment of one demo cluster node, e.g. for a node in its own process. */
    public static Map<String, String> nodeEnv(String dbUrl, String dbUser, String dbPassword, String redisUrl) {
        Map<String, String> env = env(dbUrl, dbUser, dbPassword);
        env.put("SYNC_REDIS_URL", redisUrl);
        return env;
    }

    private static Map<String, String> env(String dbUrl, String dbUser, String dbPassword) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HTTP_PORT", "0");
        env.put("SYNC_PORT", "0");
        env.put("SYNC_DB_URL", dbUrl);
        if (dbUser != null) {
            env.put("SYNC_DB_USER", dbUser);
        }
        if (dbPassword != null) {
            env.put("SYNC_DB_PASSWORD", dbPassword);
        }
        env.put("SYNC_JWT_SECRET", JWT_SECRET);
        env.put("DEMO_WEBHOOK_SECRET", WEBHOOK_SECRET);
        return env;
    }

    /** The running service. */
    public Demo demo() {
        return demo;
    }

    /** {@code http://127.0.0.1:<httpPort>} */
    public String httpUrl() {
        return "http://127.0.0.1:" + demo.httpPort();
    }

    /** {@code http://127.0.0.1:<syncPort>} */
    public String syncUrl() {
        return "http://127.0.0.1:" + demo.syncPort();
    }

    // ---------------------------------------------------------------- REST

    /** {@code POST /api/login} as a seeded user; returns the token (fails unless 200). */
    public String login(String user) {
        Response response = post("/api/login", null, Map.of("username", user, "password", PASSWORD)).expect(200);
        return response.json().get("token").asText();
    }

    /** A token for the user, logged in once per fixture. */
    public String token(String user) {
        return tokens.computeIfAbsent(user, this::login);
    }

    /** {@code GET path} with a bearer token (none when null). */
    public Response get(String path, String token) {
        return request("GET", path, bearer(token), null);
    }

    /** {@code POST path} with a bearer token (none when null) and {@code body} as JSON. */
    public Response post(String path, String token, Object body) {
        return request("POST", path, bearer(token), toJson(body));
    }

    /** {@code PATCH path} with a bearer token (none when null) and {@code body} as JSON. */
    public Response patch(String path, String token, Object body) {
        return request("PATCH", path, bearer(token), toJson(body));
    }

    /** Any request: these headers and a raw body (none when null). */
    public Response request(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpUrl() + path)).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), parse(response.body()));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The id of the user's conversation with this title. */
    public String conversationId(String user, String title) {
        for (JsonNode conversation : get("/api/conversations", token(user)).expect(200).json()) {
            if (title.equals(conversation.path("title").asText())) {
                return conversation.get("id").asText();
            }
        }
        throw new AssertionError(user + " has no conversation titled " + title);
    }

    /** The user's conversation with this id, as {@code GET /api/conversations} lists it. */
    public JsonNode conversation(String user, String conversationId) {
        for (JsonNode conversation : get("/api/conversations", token(user)).expect(200).json()) {
            if (conversationId.equals(conversation.path("id").asText())) {
                return conversation;
            }
        }
        throw new AssertionError(user + " does not see conversation " + conversationId);
    }

    /** Sends a message over REST (201 expected); returns the stored message. */
    public JsonNode send(String user, String conversationId, String text) {
        return post("/api/conversations/" + conversationId + "/messages", token(user), Map.of("text", text))
                .expect(201).json();
    }

    // ---------------------------------------------------------------- sockets

    /** A WebSocket client connected as the user (token from login). */
    public Socket connect(String user) {
        String token = token(user);
        return clients.connect(syncUrl(), b -> b.setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", token)));
    }

    /** A connected client that has joined these conversations. */
    public Socket connectAndJoin(String user, String... conversationIds) {
        Socket socket = connect(user);
        for (String conversationId : conversationIds) {
            JSONObject ack = call(socket, "join_conversation", Map.of("conversationId", conversationId));
            if (!ack.optBoolean("ok")) {
                throw new AssertionError(user + " could not join " + conversationId + ": " + ack);
            }
        }
        return socket;
    }

    /** A connected client subscribed to these topics (each {@code subscribe} acked ok). */
    public Socket connectAndSubscribe(String user, String... topics) {
        Socket socket = connect(user);
        for (String topic : topics) {
            JSONObject ack = call(socket, "subscribe", Map.of("topic", topic));
            if (!ack.optBoolean("ok")) {
                throw new AssertionError(user + " could not subscribe to " + topic + ": " + ack);
            }
        }
        return socket;
    }

    /** Emits {@code event} with one JSON object and waits for the ack object. */
    public static JSONObject call(Socket socket, String event, Map<String, ?> payload) {
        CompletableFuture<Object[]> ack = new CompletableFuture<>();
        socket.emit(event, new Object[] {new JSONObject(payload)}, (Ack) ack::complete);
        Object[] args;
        try {
            args = ack.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no ack for '" + event + "' within " + WAIT);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (args.length != 1 || !(args[0] instanceof JSONObject json)) {
            throw new AssertionError("the ack of '" + event + "' is not one JSON object: " + Arrays.toString(args));
        }
        return json;
    }

    /** Records every {@code event} the socket receives from now on. */
    public static BlockingQueue<Object[]> record(Socket socket, String event) {
        return JavaClients.record(socket, event);
    }

    /** The next recorded event's JSON object payload; fails after 5 s. */
    public static JSONObject next(BlockingQueue<Object[]> queue) {
        return EventArgs.payload(JavaClients.next(queue));
    }

    // ---------------------------------------------------------------- lifecycle

    /** Disconnects the clients, stops the service and drops its own database (not a shared one). */
    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            demo.close();
            if (ownDatabase) {
                dropDatabase();
            }
        }
    }

    private void dropDatabase() {
        try (Connection connection = DriverManager.getConnection(dbUrl); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new AssertionError("cannot drop the test database", e);
        }
    }

    private static Map<String, String> bearer(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    private static String toJson(Object body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
