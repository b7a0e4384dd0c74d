package dev.syncio.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pid is a session's secret, but not a credential: presented with another user's valid token it
 * recovers nothing (socket.io's reference server would hand the session over to anyone with the
 * pid). The presenting user gets a fresh session, and the owner's stays recoverable.
 */
class OtherUsersPidTest {

    private final RecoveryServer server = RecoveryServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anotherUsersTokenWithAlicesPidGetsAFreshSessionAndAliceStillRecovers() {
        RawSioClient alice = server.connect("alice");
        alice.join("c1");
        server.server().emitter().toConversation("c1").emit("note", Map.of("id", "before"));
        String offset = alice.offsetOf("before");
        RawSioClient.Reply first = alice.reply();
        server.cut(alice);
        server.server().emitter().toConversation("c1").emit("note", Map.of("id", "while-away"));

        try (RawSioClient bob = server.reconnect("bob", first.pid(), offset)) {
            RawSioClient.Reply reply = bob.reply();
            assertNotEquals(first.sid(), reply.sid(), "not alice's socket id");
            assertNotEquals(first.pid(), reply.pid(), "a pid of bob's own");
            assertEquals(List.of(), bob.eventsSoFar(), "none of alice's missed events");
        }
        assertEquals(1, server.stats().unrecoveredSessions());

        try (RawSioClient again = server.reconnect("alice", first.pid(), offset)) {
            assertEquals(first.sid(), again.reply().sid(), "alice's session was left for her");
            assertEquals(List.of("while-away"), RawSioClient.ids(again.eventsSoFar(), "note"));
        }
        assertEquals(1, server.stats().recoveredSessions());
    }
}
