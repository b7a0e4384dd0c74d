package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.syncio.SyncStats;
import dev.syncio.it.recovery.RecoveryServer.Lost;
import dev.syncio.it.support.LeakAndLogWatch;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A recovery request the server cannot honour gives a fresh session, never a partial one: a new
 * pid in the CONNECT reply (which is how socket.io-client sets {@code recovered} false), a new
 * socket id, none of the rooms and none of the missed events; the stats count the attempt. A
 * request that works is counted as recovered.
 */
class UnusableRecoveryRequestTest {

    /** Client input (forged tokens, spoiled pids and offsets) must not leak buffers or log stack traces. */
    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start();

    /**
     * What the client presents: every CONNECT that names a pid asks for a session back, and one
     * that cannot be honoured counts in {@code unrecoveredSessions} (socket.io-client sends a pid
     * without offset when no retained event reached it before it lost its connection).
     */
    static List<Arguments> requests() {
        return List.of(
                Arguments.of("an unknown pid", spoil(l -> new Lost(withPid(l.reply(), "no-such-pid"), l.offset())), 1),
                Arguments.of("an offset the history never had", spoil(l -> new Lost(l.reply(), "999999")), 1),
                Arguments.of("a pid without offset", spoil(l -> new Lost(l.reply(), null)), 1),
                Arguments.of("a malformed offset", spoil(l -> new Lost(l.reply(), "12;drop")), 1));
    }

    private static UnaryOperator<Lost> spoil(UnaryOperator<Lost> how) {
        return how;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void aRequestThatCannotBeHonouredGetsAFreshSession(String what, UnaryOperator<Lost> spoil, long counted) {
        Lost lost = server.aliceAwayFromC1();
        Lost request = spoil.apply(lost);

        try (RawSioClient back = server.reconnect("alice", request.pid(), request.offset())) {
            assertNotEquals(lost.pid(), back.reply().pid(), "a new pid: recovered is false");
            assertNotEquals(lost.reply().sid(), back.reply().sid(), "a new socket id");
            assertEquals(List.of(), back.eventsSoFar(), "no missed event, no room of the old session");
        }
        SyncStats stats = server.stats();
        assertEquals(counted, stats.unrecoveredSessions(), what);
        assertEquals(0, stats.recoveredSessions(), what);
    }

    @Test
    void aRecoveryIsCountedAsRecoveredOnly() {
        Lost lost = server.aliceAwayFromC1();

        try (RawSioClient back = server.reconnect("alice", lost.pid(), lost.offset())) {
            assertEquals(lost.pid(), back.reply().pid());
            assertEquals(List.of("while-away"), RawSioClient.ids(back.eventsSoFar(), "note"));
        }
        SyncStats stats = server.stats();
        assertEquals(1, stats.recoveredSessions());
        assertEquals(0, stats.unrecoveredSessions());
    }

    private static RawSioClient.Reply withPid(RawSioClient.Reply reply, String pid) {
        return new RawSioClient.Reply(reply.sid(), pid, reply.fields());
    }
}
