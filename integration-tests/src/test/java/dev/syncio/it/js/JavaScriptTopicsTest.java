package dev.syncio.it.js;

import dev.syncio.SyncServer;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.NodeRunner;
import dev.syncio.it.support.TopicChanges;
import dev.syncio.it.support.TopicGrants;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Topics with the real JavaScript client ({@code integration-tests/js/test/topics.test.mjs}):
 * subscribe and its acks, {@code resource:changed}, a {@code topic:batch}, recovery through a
 * cuttable proxy, and the refetch signal past the recovery window. Two servers: {@code SYNC_URL}
 * (coalescing {@code logs:} topics for 200 ms) and {@code SYNC_URL_SHORT_WINDOW} (a 300 ms recovery
 * window). alice may subscribe to {@code orders}, {@code prices}, {@code prices:websocket},
 * {@code prices:polling} and {@code logs:job-1}; bob to {@code orders}.
 *
 * <p>Host events on both, the JavaScript test's way to make the server act: {@code changes
 * {topic, versions, tag}} emits a change of order {@code o-1} per version, then acks;
 * {@code revoke {userId, topic}} takes a user's grant of a topic away; {@code sessions} acks
 * {@code {connected, kept}} (connected sockets, sessions kept for recovery).
 */
class JavaScriptTopicsTest {

    /** The payload of the {@code changes} host event. */
    public record Changes(String topic, List<Long> versions, String tag) {
    }

    /** The payload of the {@code revoke} host event. */
    public record Revoke(String userId, String topic) {
    }

    private ChatServer chat;
    private ChatServer shortWindow;

    @BeforeEach
    void startServers() {
        chat = start(b -> b.coalesceTopics("logs:", Duration.ofMillis(200)));
        shortWindow = start(b -> b.recoveryWindow(Duration.ofMillis(300)));
    }

    /** A server with grants of its own (a test's revocation on one leaves the other's alone). */
    private static ChatServer start(Consumer<SyncServer.Builder> customise) {
        TopicGrants grants = new TopicGrants()
                .allow("alice", "orders", "prices", "logs:job-1", "prices:websocket", "prices:polling")
                .allow("bob", "orders");
        ChatServer server = ChatServer.start(b -> customise.accept(b.topicAccess(grants.access())));
        SyncServer sync = server.server();
        sync.on("changes", Changes.class, (ctx, changes) -> {
            TopicChanges.emit(sync.emitter(), changes.topic(), changes.tag(), changes.versions());
            ctx.reply(Map.of("count", changes.versions().size()));
        });
        sync.on("revoke", Revoke.class, (ctx, revoke) -> {
            grants.revoke(revoke.userId(), revoke.topic());
            ctx.reply(Map.of());
        });
        sync.on("sessions", ctx -> ctx.reply(Map.of("connected", sync.stats().connectedSockets(),
                "kept", sync.stats().recoverySessions())));
        return server;
    }

    @AfterEach
    void stopServers() {
        if (chat != null) {
            chat.close();
        }
        if (shortWindow != null) {
            shortWindow.close();
        }
    }

    @Test
    void javaScriptClientsSubscribeReceiveChangesAndBatchesAndRecover() {
        NodeRunner.assertPasses("test/topics.test.mjs", Map.of(
                "SYNC_URL", chat.url(),
                "SYNC_URL_SHORT_WINDOW", shortWindow.url(),
                "SYNC_TOKEN_ALICE", ChatServer.token("alice"),
                "SYNC_TOKEN_BOB", ChatServer.token("bob")));
    }
}
