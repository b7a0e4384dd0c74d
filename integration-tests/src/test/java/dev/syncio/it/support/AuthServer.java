package dev.syncio.it.support;

import dev.syncio.SyncServer;
import dev.syncio.SyncSocket;
import dev.syncio.auth.JwtVerifier;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A real syncio server on a free port that authenticates with a {@link JwtVerifier}: HS256 with
 * {@link Tokens#SECRET} or RS256 with {@link Tokens#rsaKeyPair()}'s public key, issuer
 * {@link Tokens#ISSUER}, audience {@link Tokens#AUDIENCE} and, unless customised, no clock skew
 * (so tokens expire exactly at {@code exp}). Events:
 * <ul>
 *   <li>{@code echo ...args}: acked with the same args;</li>
 *   <li>{@code whoami}: acked with {@code (userId, rooms)}, the socket's principal's user id and its
 *       rooms, sorted.</li>
 * </ul>
 * Connected principals, connect-handler calls, disconnect reasons and handled events are recorded.
 */
public final class AuthServer implements AutoCloseable {

    /** The verifier's key. */
    public enum Kind { HS256, RS256 }

    private final SyncServer server;
    /** User ids of the principals as their sockets connect (from the connect handler). */
    public final BlockingQueue<String> principals = new LinkedBlockingQueue<>();
    /** Server-side sockets as they connect. */
    public final BlockingQueue<SyncSocket> connected = new LinkedBlockingQueue<>();
    /** How often the connect handler ran. */
    public final AtomicInteger connectCalls = new AtomicInteger();
    /** Disconnect reasons as they happen. */
    public final BlockingQueue<String> disconnected = new LinkedBlockingQueue<>();
    /** Every event a handler ran for, as {@code "<event> by <userId>"}, in order. */
    public final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

    private AuthServer(SyncServer server) {
        this.server = server;
    }

    /** An HS256 server. */
    public static AuthServer hs256() {
        return start(Kind.HS256, v -> { }, b -> { });
    }

    /** An RS256 server. */
    public static AuthServer rs256() {
        return start(Kind.RS256, v -> { }, b -> { });
    }

    /** A server of this kind. */
    public static AuthServer start(Kind kind) {
        return start(kind, v -> { }, b -> { });
    }

    /** The verifier an {@link AuthServer} of {@code kind} uses, before customisation. */
    public static JwtVerifier.Builder verifier(Kind kind) {
        JwtVerifier.Builder verifier = JwtVerifier.builder()
                .issuer(Tokens.ISSUER)
                .audience(Tokens.AUDIENCE)
                .clockSkew(Duration.ZERO);
        return switch (kind) {
            case HS256 -> verifier.hmacSecret(Tokens.SECRET);
            case RS256 -> verifier.publicKey(Tokens.rsaKeyPair().getPublic());
        };
    }

    /**
     * Starts a server of {@code kind} on a free loopback port.
     *
     * @param customiseVerifier e.g. {@code v -> v.clockSkew(Duration.ofSeconds(1))}
     * @param customiseServer   e.g. {@code b -> b.queryToken(false)}
     */
    public static AuthServer start(Kind kind, Consumer<JwtVerifier.Builder> customiseVerifier,
                                   Consumer<SyncServer.Builder> customiseServer) {
        JwtVerifier.Builder verifier = verifier(kind);
        customiseVerifier.accept(verifier);
        SyncServer.Builder builder = SyncServer.builder().port(0).host("127.0.0.1").auth(verifier.build());
        customiseServer.accept(builder);
        SyncServer server = builder.build();
        AuthServer auth = new AuthServer(server);
        server.onConnect(socket -> {
            auth.connectCalls.incrementAndGet();
            auth.principals.add(socket.principal().userId());
            auth.connected.add(socket);
        });
        server.onDisconnect((socket, reason) -> auth.disconnected.add(reason));
        server.on("echo", e -> {
            auth.handled.add("echo by " + e.principal().userId());
            e.ack(e.args().toArray());
        });
        server.on("whoami", e -> {
            auth.handled.add("whoami by " + e.principal().userId());
            List<String> rooms = new ArrayList<>(e.socket().rooms());
            rooms.sort(null);
            e.ack(e.socket().principal().userId(), rooms);
        });
        server.start();
        return auth;
    }

    public SyncServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The next connected principal's user id, or fails after 5 s. */
    public String nextPrincipal() {
        try {
            String userId = principals.poll(5, TimeUnit.SECONDS);
            if (userId == null) {
                throw new AssertionError("no socket connected within 5 s");
            }
            return userId;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** What {@code whoami} acked. */
    public record WhoAmI(String userId, List<String> rooms) {
    }

    /** Java-client calls against an {@link AuthServer}; every wait fails after 5 s. */
    public static final class JavaClient {

        private JavaClient() {
        }

        /**
         * Connects {@code socket} and returns the server's refusal, the CONNECT_ERROR payload
         * {@code {message, data: {code}}}; fails if it connects instead, or on a transport error.
         */
        public static JSONObject refusal(Socket socket) {
            CompletableFuture<JSONObject> outcome = new CompletableFuture<>();
            socket.once(Socket.EVENT_CONNECT, args ->
                    outcome.completeExceptionally(new AssertionError("connected, but a refusal was expected")));
            socket.once(Socket.EVENT_CONNECT_ERROR, args -> {
                if (args.length > 0 && args[0] instanceof JSONObject error) {
                    outcome.complete(error);
                } else {
                    outcome.completeExceptionally(new AssertionError("connect_error without a server refusal: "
                            + (args.length > 0 ? args[0] : "no argument")));
                }
            });
            socket.connect();
            return get(outcome, "a refusal");
        }

        /** The refusal's {@code data.code}, after checking its {@code message} is {@code "unauthorized"}. */
        public static String refusalCode(Socket socket) {
            JSONObject error = refusal(socket);
            if (!"unauthorized".equals(error.optString("message"))) {
                throw new AssertionError("refusal message is not \"unauthorized\": " + error);
            }
            JSONObject data = error.optJSONObject("data");
            if (data == null) {
                throw new AssertionError("refusal has no data object: " + error);
            }
            return data.optString("code", null);
        }

        /** Emits {@code event} with an ack and returns the ack's arguments. */
        public static Object[] call(Socket socket, String event, Object... args) {
            CompletableFuture<Object[]> ack = new CompletableFuture<>();
            socket.emit(event, args, (Ack) ack::complete);
            return get(ack, "the ack of '" + event + "'");
        }

        /** Asks the server who this socket is. */
        public static WhoAmI whoami(Socket socket) {
            Object[] ack = call(socket, "whoami");
            JSONArray rooms = (JSONArray) ack[1];
            List<String> list = new ArrayList<>();
            for (int i = 0; i < rooms.length(); i++) {
                list.add(rooms.optString(i));
            }
            return new WhoAmI((String) ack[0], list);
        }

        private static <T> T get(CompletableFuture<T> future, String what) {
            try {
                return future.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AssertionError assertion) {
                    throw assertion;
                }
                throw new AssertionError("waiting for " + what + " failed", e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError(what + " did not arrive within 5 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
