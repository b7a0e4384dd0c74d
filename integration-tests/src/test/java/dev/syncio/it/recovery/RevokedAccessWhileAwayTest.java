package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conversations of a recovered session are checked against the host's policy again: one the
 * user lost while away is not rejoined and none of its missed events is replayed, while the
 * session itself and its other conversations are recovered.
 */
class RevokedAccessWhileAwayTest {

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start();

    @Test
    void aConversationRevokedWhileAwayIsNeitherRejoinedNorReplayed() {
        RawSioClient alice = server.connect("alice");
        alice.join("c1");
        alice.join("c2");
        emit("c1", "before");
        String offset = alice.offsetOf("before");
        RawSioClient.Reply first = alice.reply();
        server.cut(alice);

        emit("c2", "c2-before-revocation");
        server.chat().disallow("c2", "alice");
        server.server().removeFromConversation("alice", "c2");
        emit("c2", "c2-after-revocation");
        emit("c1", "c1-while-away");

        try (RawSioClient back = server.reconnect("alice", first.pid(), offset)) {
            assertEquals(first.sid(), back.reply().sid(), "recovered");
            assertEquals(List.of("c1-while-away"), RawSioClient.ids(back.eventsSoFar(), "note"),
                    "c1's missed event, none of c2's");
            emit("c2", "c2-live");
            emit("c1", "c1-live");
            assertEquals(List.of("c1-live"), RawSioClient.ids(back.eventsSoFar(), "note"), "in c1's room, not in c2's");
        }
        assertEquals(1, server.stats().recoveredSessions());
    }

    private void emit(String conversationId, String id) {
        server.server().emitter().toConversation(conversationId).emit("note", Map.of("id", id));
    }
}
