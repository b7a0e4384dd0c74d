package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pid is a session's secret, but not a credential: presented with another user's valid token it
 * recovers nothing (socket.io's reference server would hand the session over to anyone with the
 * pid). The presenting user gets a fresh session, and the owner's stays recoverable.
 */
class OtherUsersPidTest {

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start();

    @Test
    void anotherUsersTokenWithAlicesPidGetsAFreshSessionAndAliceStillRecovers() {
        RecoveryServer.Lost first = server.aliceAwayFromC1();
        String offset = first.offset();

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
