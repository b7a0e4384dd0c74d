package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.Tokens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The token is verified before a pid is even looked at: a CONNECT with a forged token and a valid
 * pid and offset gets the CONNECT_ERROR and nothing of the session, neither before it nor after
 * it, and it does not use the session up.
 */
class InvalidTokenRecoveryTest {

    /** Client input (forged tokens, spoiled pids and offsets) must not leak buffers or log stack traces. */
    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start();

    @Test
    void aForgedTokenWithAValidPidGetsOnlyTheConnectErrorAndTheSessionStaysRecoverable() {
        RecoveryServer.Lost first = server.aliceAwayFromC1();
        String offset = first.offset();

        try (RawSioClient forger = RawSioClient.open(server.chat())) {
            String answer = forger.sendConnect(RecoveryServer.authWithToken(
                    Tokens.otherSecretHs256("alice"), first.pid(), offset));
            assertTrue(answer.startsWith("44{"), "the first frame after the open is the CONNECT_ERROR: " + answer);
            // the same Engine.IO session connects afresh as bob: his CONNECT reply is the very next
            // frame, and the round trip after it shows nothing else was queued for this connection
            String next = forger.sendConnect(RecoveryServer.auth("bob", null, null));
            assertTrue(next.startsWith("40{"), "nothing between the CONNECT_ERROR and the next reply: " + next);
            assertEquals(List.of(), forger.eventsSoFar());
        }
        assertEquals(0, server.stats().unrecoveredSessions(), "a refused CONNECT is no recovery attempt");

        try (RawSioClient again = server.reconnect("alice", first.pid(), offset)) {
            assertEquals(first.sid(), again.reply().sid());
            assertEquals(List.of("while-away"), RawSioClient.ids(again.eventsSoFar(), "note"));
        }
    }
}
