package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The history keeps {@code recoveryHistory(5, ...)} events: a client whose offset is among them
 * gets everything after it; one that missed more gets a fresh session, never the part that is
 * left. The events go to alice's user room only, so that nothing else (presence) is in the history.
 */
class TrimmedHistoryTest {

    private static final int KEPT = 5;

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start(b -> b.recoveryHistory(KEPT, 1_000_000));

    @Test
    void aClientWhoseOffsetIsStillKeptGetsEveryEventAfterIt() {
        Away away = awayWhile(KEPT - 1);

        try (RawSioClient back = server.reconnect("alice", away.reply.pid(), away.offset)) {
            assertEquals(away.reply.sid(), back.reply().sid());
            assertEquals(away.missed, RawSioClient.ids(back.eventsSoFar()));
        }
    }

    @Test
    void aClientThatMissedMoreThanIsKeptGetsAFreshSessionAndNoPartialReplay() {
        Away away = awayWhile(KEPT);

        try (RawSioClient back = server.reconnect("alice", away.reply.pid(), away.offset)) {
            assertNotEquals(away.reply.pid(), back.reply().pid());
            assertNotEquals(away.reply.sid(), back.reply().sid());
            assertEquals(List.of(), back.eventsSoFar());
        }
        assertEquals(1, server.stats().unrecoveredSessions());
    }

    private record Away(RawSioClient.Reply reply, String offset, List<String> missed) {
    }

    /** Alice gets one event, loses her connection and misses {@code count} more. */
    private Away awayWhile(int count) {
        RawSioClient alice = server.connect("alice");
        server.server().emitter().toUser("alice").emit("note", Map.of("id", "before"));
        String offset = alice.offsetOf("before");
        server.cut(alice);
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            missed.add("away-" + i);
            server.server().emitter().toUser("alice").emit("note", Map.of("id", "away-" + i));
        }
        assertEquals(KEPT, server.stats().retainedEvents(), "the history is full");
        return new Away(alice.reply(), offset, missed);
    }
}
