package dev.syncio.it.support;

import dev.syncio.ConversationAccess;
import dev.syncio.ErrorCode;
import dev.syncio.SyncException;
import dev.syncio.SyncServer;
import dev.syncio.SyncSocket;
import dev.syncio.auth.JwtVerifier;
import dev.syncio.event.ChatMessage;
import io.socket.client.Ack;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.json.JSONObject;

/**
 * A real syncio chat server on a free loopback port, for the conversation, typing, presence and
 * emitter tests with the real Java client.
 *
 * <ul>
 *   <li>JWT auth (HS256 with {@link Tokens#SECRET}, issuer and audience of {@link Tokens}); the user
 *       id is the token's {@code sub}. {@link #token(String)} mints one.</li>
 *   <li>A {@link ConversationAccess} backed by an in-memory membership map that tests may change
 *       at any time: {@code c1} = alice, bob, carol; {@code c2} = alice, bob; {@code secret} =
 *       carol. Any other conversation is unknown (nobody may join).</li>
 *   <li>Typing timeout {@link #TYPING_TIMEOUT} (500 ms) unless customised.</li>
 *   <li>Host events: {@code send_message} ({@link SendMessage}, typed): the sender must have joined
 *       the conversation ({@code forbidden} otherwise); emitted as {@code message:new} to the
 *       conversation except the sending socket, then acked {@code {ok, messageId}}. {@code boom} throws
 *       a {@link RuntimeException}; {@code refuse} throws {@code SyncException(NOT_FOUND, "nope")}.</li>
 * </ul>
 *
 * Server-side sockets are kept by id ({@link #serverSocket(Socket)}), which lets a test send a
 * {@linkplain #barrier(Socket) barrier} to one client: everything emitted to that socket before the
 * barrier has arrived once the barrier has.
 */
public final class ChatServer implements AutoCloseable {

    /** The typing timeout of a default chat server. */
    public static final Duration TYPING_TIMEOUT = Duration.ofMillis(500);
    /** How long one wait for an ack or an event may take before the test fails. */
    public static final long WAIT_SECONDS = 5;

    /** The payload of the host event {@code send_message}. */
    public record SendMessage(String conversationId, String text, @Nullable String clientMessageId) {
    }

    private final SyncServer server;
    private final ConcurrentMap<String, Set<String>> members = new ConcurrentHashMap<>();
    /** Server-side sockets by id, completed by the connect handler (a client may ask first). */
    private final ConcurrentMap<String, CompletableFuture<SyncSocket>> sockets = new ConcurrentHashMap<>();
    /** Messages {@code send_message} stored, in order. */
    public final BlockingQueue<ChatMessage> sent = new LinkedBlockingQueue<>();

    private ChatServer(Consumer<SyncServer.Builder> customise) {
        allow("c1", "alice", "bob", "carol");
        allow("c2", "alice", "bob");
        allow("secret", "carol");
        JwtVerifier verifier = JwtVerifier.builder()
                .hmacSecret(Tokens.SECRET)
                .issuer(Tokens.ISSUER)
                .audience(Tokens.AUDIENCE)
                .build();
        SyncServer.Builder builder = SyncServer.builder()
                .host("127.0.0.1")
                .port(0)
                .auth(verifier)
                .typingTimeout(TYPING_TIMEOUT)
                .conversationAccess(ConversationAccess.blocking((principal, conversationId) ->
                        members.getOrDefault(conversationId, Set.of()).contains(principal.userId())));
        customise.accept(builder);
        this.server = builder.build();
        server.onConnect(socket -> serverSocketFuture(socket.id()).complete(socket));
        server.on("send_message", SendMessage.class, (ctx, message) -> {
            if (!ctx.socket().rooms().contains("conversation:" + message.conversationId())) {
                throw new SyncException(ErrorCode.FORBIDDEN, "join the conversation first");
            }
            ChatMessage stored = new ChatMessage(UUID.randomUUID().toString(), message.conversationId(),
                    ctx.principal().userId(), message.text(), Instant.now(), message.clientMessageId());
            sent.add(stored);
            // emit before the ack: once the sender has its ack, message:new is on its way to every
            // other socket (tests rely on that order for their barriers)
            server.emitter().except(ctx.socket().id()).messageNew(stored);
            ctx.reply(Map.of("messageId", stored.id()));
        });
        server.on("boom", ctx -> {
            throw new RuntimeException("boom: a host handler failed (expected by the test)");
        });
        server.on("refuse", ctx -> {
            throw new SyncException(ErrorCode.NOT_FOUND, "nope");
        });
    }

    /** A default chat server, started. */
    public static ChatServer start() {
        return start(b -> { });
    }

    /** A chat server whose builder was customised (after the defaults), started. */
    public static ChatServer start(Consumer<SyncServer.Builder> customise) {
        ChatServer chat = new ChatServer(customise);
        chat.server.start();
        return chat;
    }

    /**
     * Forgets each socket's server side once it has disconnected (registers the server's
     * {@code onDisconnect}): for long churns, where the map of server sockets would otherwise keep
     * every socket that ever connected, and the heap would grow with the test's own bookkeeping.
     */
    public ChatServer forgetDisconnectedSockets() {
        server.onDisconnect((socket, reason) -> sockets.remove(socket.id()));
        return this;
    }

    /** A valid token (10 minutes) for {@code userId}. */
    public static String token(String userId) {
        return Tokens.hs256(userId);
    }

    public SyncServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Lets these users join the conversation (creating it when unknown). */
    public void allow(String conversationId, String... userIds) {
        members.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet()).addAll(Arrays.asList(userIds));
    }

    /** Takes the membership away in the policy only (sockets already in the room stay there). */
    public void disallow(String conversationId, String userId) {
        Set<String> users = members.get(conversationId);
        if (users != null) {
            users.remove(userId);
        }
    }

    /** Members of a conversation according to the policy. */
    public Set<String> members(String conversationId) {
        return Set.copyOf(members.getOrDefault(conversationId, Set.of()));
    }

    /** Connects a WebSocket client as {@code userId} and waits for the CONNECT. */
    public Socket connect(JavaClients clients, String userId) {
        String token = token(userId);
        Socket socket = clients.connect(url(), b -> b.setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", token)));
        awaitServerSocket(socket);
        return socket;
    }

    /** The server side of a connected client (its connect handler has run). */
    public SyncSocket serverSocket(Socket client) {
        return awaitServerSocket(client);
    }

    private SyncSocket awaitServerSocket(Socket client) {
        String id = client.id();
        if (id == null) {
            throw new AssertionError("the client is not connected");
        }
        // the connect handler runs right after the CONNECT reply is written: usually already done
        return get(serverSocketFuture(id), "the connect handler of socket " + id);
    }

    private CompletableFuture<SyncSocket> serverSocketFuture(String socketId) {
        return sockets.computeIfAbsent(socketId, id -> new CompletableFuture<>());
    }

    /**
     * Sends a unique {@code barrier} event to this client's socket only and waits until it arrives.
     * Emits to one socket are written in order, so every event emitted to it before this call
     * (from any thread, as long as that emit had returned) has been delivered to the client's
     * listeners when this returns.
     */
    public void barrier(Socket client) {
        String marker = UUID.randomUUID().toString();
        CompletableFuture<Void> arrived = new CompletableFuture<>();
        Emitter.Listener listener = args -> {
            if (args.length > 0 && args[0] instanceof JSONObject json && marker.equals(json.optString("marker"))) {
                arrived.complete(null);
            }
        };
        client.on("barrier", listener);
        try {
            serverSocket(client).emit("barrier", Map.of("marker", marker));
            get(arrived, "the barrier");
        } finally {
            client.off("barrier", listener);
        }
    }

    /** Emits {@code event} with these arguments and an ack; returns the ack's arguments. */
    public static Object[] callRaw(Socket socket, String event, Object... args) {
        CompletableFuture<Object[]> ack = new CompletableFuture<>();
        socket.emit(event, args, (Ack) ack::complete);
        return get(ack, "the ack of '" + event + "'");
    }

    /** Emits {@code event} with one JSON object payload and an ack; returns the ack object. */
    public static JSONObject call(Socket socket, String event, Map<String, ?> payload) {
        return ackObject(event, callRaw(socket, event, new JSONObject(payload)));
    }

    /** Emits {@code event} with these raw arguments and an ack; returns the ack object. */
    public static JSONObject callArgs(Socket socket, String event, Object... args) {
        return ackObject(event, callRaw(socket, event, args));
    }

    /** Emits {@code event} with no payload at all, but an ack; returns the ack object. */
    public static JSONObject callWithoutPayload(Socket socket, String event) {
        return ackObject(event, callRaw(socket, event));
    }

    /**
     * The acks of {@code event} sent with each payload that gets {@code field} wrong: no field,
     * another field only, null, a number, a boolean, an empty string, no payload at all, and the
     * value as a bare string instead of an object.
     */
    public static java.util.List<JSONObject> invalidPayloadAcks(Socket socket, String event, String field) {
        Map<String, Object> nullField = new java.util.HashMap<>();
        nullField.put(field, JSONObject.NULL);
        return java.util.List.of(
                call(socket, event, Map.of()),
                call(socket, event, Map.of("other", "x")),
                call(socket, event, nullField),
                call(socket, event, Map.of(field, 42)),
                call(socket, event, Map.of(field, true)),
                call(socket, event, Map.of(field, "")),
                callWithoutPayload(socket, event),
                callArgs(socket, event, "x"));
    }

    /**
     * The payload {@code id}s of the {@code event} events each socket received while {@code emit}
     * ran, read after a {@linkplain #barrier barrier} on each socket: "exactly once" and "nothing"
     * for every socket at once. Listens only meanwhile.
     */
    public java.util.List<java.util.List<String>> deliver(String event, Runnable emit, Socket... sockets) {
        java.util.List<BlockingQueue<Object[]>> queues = new java.util.ArrayList<>();
        java.util.List<Emitter.Listener> listeners = new java.util.ArrayList<>();
        for (Socket socket : sockets) {
            BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
            Emitter.Listener listener = queue::add;
            socket.on(event, listener);
            queues.add(queue);
            listeners.add(listener);
        }
        try {
            emit.run();
            java.util.List<java.util.List<String>> received = new java.util.ArrayList<>();
            for (int i = 0; i < sockets.length; i++) {
                barrier(sockets[i]);
                received.add(queues.get(i).stream().map(args -> payload(args).optString("id")).toList());
            }
            return received;
        } finally {
            for (int i = 0; i < sockets.length; i++) {
                sockets[i].off(event, listeners.get(i));
            }
        }
    }

    /** {@code join_conversation} and returns its ack. */
    public static JSONObject join(Socket socket, String conversationId) {
        return call(socket, "join_conversation", Map.of("conversationId", conversationId));
    }

    /** {@code join_conversation} that must succeed; returns its ack. */
    public static JSONObject joinOk(Socket socket, String conversationId) {
        JSONObject ack = join(socket, conversationId);
        if (!ack.optBoolean("ok")) {
            throw new AssertionError("join of " + conversationId + " refused: " + ack);
        }
        return ack;
    }

    /** {@code leave_conversation} and returns its ack. */
    public static JSONObject leave(Socket socket, String conversationId) {
        return call(socket, "leave_conversation", Map.of("conversationId", conversationId));
    }

    /** The {@code error.code} of a refusal ack; fails when the ack is not {@code {ok:false, error:{code, message}}}. */
    public static String errorCode(JSONObject ack) {
        return error(ack).optString("code", null);
    }

    /** The {@code error} object of a refusal ack; fails when the ack is not {@code {ok:false, error:{code, message}}}. */
    public static JSONObject error(JSONObject ack) {
        if (!ack.has("ok") || ack.optBoolean("ok", true)) {
            throw new AssertionError("expected {ok:false, error}, got " + ack);
        }
        JSONObject error = ack.optJSONObject("error");
        if (error == null || !error.has("code") || !(error.opt("message") instanceof String)) {
            throw new AssertionError("an error ack needs error.code and error.message (a string): " + ack);
        }
        return error;
    }

    /** The JSON object payload of a received event (see {@link EventArgs}: an offset may follow). */
    public static JSONObject payload(Object[] args) {
        return EventArgs.payload(args);
    }

    /** Records {@code event} on the client from now on (see {@link JavaClients#record}). */
    public static BlockingQueue<Object[]> record(Socket socket, String event) {
        return JavaClients.record(socket, event);
    }

    /** The next recorded event's JSON object payload (an offset may follow it), or fails after 5 s. */
    public static JSONObject next(BlockingQueue<Object[]> queue) {
        return payload(JavaClients.next(queue));
    }

    /** The field names of a JSON object. */
    public static Set<String> keys(JSONObject json) {
        Set<String> keys = new java.util.TreeSet<>();
        for (java.util.Iterator<?> it = json.keys(); it.hasNext(); ) {
            keys.add(String.valueOf(it.next()));
        }
        return keys;
    }

    /** The elements of a JSON array of strings. */
    public static java.util.List<String> strings(org.json.JSONArray array) {
        if (array == null) {
            throw new AssertionError("expected a JSON array, got null");
        }
        java.util.List<String> list = new java.util.ArrayList<>();
        for (int i = 0; i < array.length(); i++) {
            Object value = array.opt(i);
            if (!(value instanceof String text)) {
                throw new AssertionError("expected strings only, got " + array);
            }
            list.add(text);
        }
        return list;
    }

    private static JSONObject ackObject(String event, Object[] args) {
        if (args.length < 1 || !(args[0] instanceof JSONObject json)) {
            throw new AssertionError("the ack of '" + event + "' is not a JSON object: " + Arrays.toString(args));
        }
        return json;
    }

    private static <T> T get(CompletableFuture<T> future, String what) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("waiting for " + what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not arrive within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
