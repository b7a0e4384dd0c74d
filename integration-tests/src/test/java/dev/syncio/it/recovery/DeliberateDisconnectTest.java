package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recovery is for connections that were lost. A client that leaves on purpose (the namespace
 * DISCONNECT, {@code 41}, which {@code socket.disconnect()} sends) ends its session: the server
 * forgets it at once and a later CONNECT with its pid starts afresh.
 */
class DeliberateDisconnectTest {

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start();

    @Test
    void aClientThatDisconnectedOnPurposeCannotRecover() {
        RawSioClient.Reply first;
        String offset;
        try (RawSioClient alice = server.connect("alice")) {
            server.server().emitter().toUser("alice").emit("note", Map.of("id", "before"));
            offset = alice.offsetOf("before");
            first = alice.reply();
            alice.disconnectNamespace();
            assertEquals("client namespace disconnect", server.awaitDisconnected(first.sid()));
        }
        assertEquals(0, server.stats().recoverySessions(), "the session was not kept");
        server.server().emitter().toUser("alice").emit("note", Map.of("id", "after-leaving"));

        try (RawSioClient back = server.reconnect("alice", first.pid(), offset)) {
            assertNotEquals(first.pid(), back.reply().pid());
            assertNotEquals(first.sid(), back.reply().sid());
            assertEquals(List.of(), back.eventsSoFar());
        }
        assertEquals(1, server.stats().unrecoveredSessions());
    }
}
