package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import dev.syncio.SyncServer;
import dev.syncio.SyncStats;
import dev.syncio.it.support.ChatServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link ChatServer} (JWT auth, so recovery is on) for the recovery tests, which also records
 * why each socket disconnected: a test waits for that instead of for time to pass, and the server
 * has decided whether the session is kept by then (it does before its disconnect handlers run).
 * Registered as a test's extension ({@code @RegisterExtension final RecoveryServer server = ...}),
 * it closes after each test.
 */
final class RecoveryServer implements AutoCloseable, AfterEachCallback {

    /** What a client lost with its connection: its CONNECT reply and the offset of the last event it received. */
    record Lost(RawSioClient.Reply reply, String offset) {

        String sid() {
            return reply.sid();
        }

        String pid() {
            return reply.pid();
        }
    }

    private final ChatServer chat;
    private final ConcurrentMap<String, String> disconnects = new ConcurrentHashMap<>();

    private RecoveryServer(ChatServer chat) {
        this.chat = chat;
        chat.server().onDisconnect((socket, reason) -> disconnects.put(socket.id(), reason));
    }

    static RecoveryServer start() {
        return start(b -> { });
    }

    static RecoveryServer start(Consumer<SyncServer.Builder> customise) {
        return new RecoveryServer(ChatServer.start(customise));
    }

    ChatServer chat() {
        return chat;
    }

    SyncServer server() {
        return chat.server();
    }

    SyncStats stats() {
        return chat.server().stats();
    }

    /**
     * A fresh connection of {@code userId}, asking to recover nothing, once the server has
     * finished connecting it: its CONNECT reply goes out before it joins its user room, and the
     * round trip of a {@code ping} waits for that (a host emit to the room could miss it before).
     */
    RawSioClient connect(String userId) {
        RawSioClient client = RawSioClient.connect(chat, auth(userId, null, null));
        client.call("ping", Map.of());
        return client;
    }

    /** A connection of {@code userId} that presents this pid and offset (either may be null: left out). */
    RawSioClient reconnect(String userId, String pid, String offset) {
        return RawSioClient.connect(chat, auth(userId, pid, offset));
    }

    /** The CONNECT auth a socket.io client sends: the token, and pid and offset when it has them. */
    static Map<String, String> auth(String userId, String pid, String offset) {
        return authWithToken(ChatServer.token(userId), pid, offset);
    }

    static Map<String, String> authWithToken(String token, String pid, String offset) {
        Map<String, String> auth = new HashMap<>();
        auth.put("token", token);
        if (pid != null) {
            auth.put("pid", pid);
        }
        if (offset != null) {
            auth.put("offset", offset);
        }
        return auth;
    }

    /**
     * The scene most tests start from: alice joins c1, receives the note {@code before} there,
     * loses her connection, and misses the note {@code while-away}.
     */
    Lost aliceAwayFromC1() {
        RawSioClient alice = connect("alice");
        alice.join("c1");
        server().emitter().toConversation("c1").emit("note", Map.of("id", "before"));
        Lost lost = new Lost(alice.reply(), alice.offsetOf("before"));
        cut(alice);
        server().emitter().toConversation("c1").emit("note", Map.of("id", "while-away"));
        return lost;
    }

    /** Drops the client's connection and waits until the server has let its socket go; returns the reason. */
    String cut(RawSioClient client) {
        client.close();
        return awaitDisconnected(client.reply().sid());
    }

    /** Waits until the socket's disconnect handler ran and returns its reason. */
    String awaitDisconnected(String sid) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> disconnects.containsKey(sid));
        return disconnects.get(sid);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        chat.close();
    }
}
