package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code recoveryWindow(Duration.ZERO)} turns recovery off entirely: the wire is as before it
 * existed (no pid in the CONNECT reply, no offset after events), and a pid asks for nothing.
 */
class RecoveryOffTest {

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start(b -> b.recoveryWindow(Duration.ZERO));

    @Test
    void noPidInTheConnectReplyAndNoOffsetAfterEvents() {
        try (RawSioClient alice = server.connect("alice")) {
            alice.join("c1");
            assertEquals(Set.of("sid"), alice.reply().fields());
            server.server().emitter().toConversation("c1").emit("note", Map.of("id", "n1"));
            server.server().emitter().toUser("alice").emit("note", Map.of("id", "n2"));
            List<RawSioClient.Event> events = alice.eventsSoFar();
            assertEquals(List.of("n1", "n2"), RawSioClient.ids(events, "note"));
            for (RawSioClient.Event event : events) {
                assertEquals(1, event.args().size(), "only the payload: " + event.args());
            }
        }
        assertEquals(0, server.stats().recoverySessions());
    }

    @Test
    void aClientPresentingAPidGetsAFreshSessionAndNothingIsCounted() {
        RawSioClient.Reply first;
        try (RawSioClient alice = server.connect("alice")) {
            first = alice.reply();
        }
        server.awaitDisconnected(first.sid());
        try (RawSioClient back = server.reconnect("alice", "some-pid", "1")) {
            assertEquals(Set.of("sid"), back.reply().fields());
            assertNotEquals(first.sid(), back.reply().sid());
        }
        assertEquals(0, server.stats().unrecoveredSessions());
        assertEquals(0, server.stats().recoveredSessions());
    }
}
