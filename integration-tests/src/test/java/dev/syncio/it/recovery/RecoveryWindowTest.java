package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A session is kept for the recovery window after its connection was lost, and not longer. */
class RecoveryWindowTest {

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start(b -> b.recoveryWindow(Duration.ofMillis(300)));

    @Test
    void aClientBackAfterTheWindowGetsAFreshSession() {
        RawSioClient alice = server.connect("alice");
        server.server().emitter().toUser("alice").emit("note", Map.of("id", "before"));
        String offset = alice.offsetOf("before");
        RawSioClient.Reply first = alice.reply();
        assertEquals(1, server.stats().recoverySessions(), "the connected session is kept");
        server.cut(alice);
        server.server().emitter().toUser("alice").emit("note", Map.of("id", "while-away"));
        // the window has passed once the server no longer keeps the session
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().recoverySessions() == 0);

        try (RawSioClient back = server.reconnect("alice", first.pid(), offset)) {
            assertNotEquals(first.pid(), back.reply().pid());
            assertNotEquals(first.sid(), back.reply().sid());
            assertEquals(List.of(), back.eventsSoFar());
        }
        assertEquals(1, server.stats().unrecoveredSessions());
    }
}
