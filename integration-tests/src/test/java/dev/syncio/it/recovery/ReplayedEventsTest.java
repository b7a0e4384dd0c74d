package dev.syncio.it.recovery;

import dev.syncio.it.support.RawSioClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.event.ConversationChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which events a recovered client gets back: every retained event of its rooms (messages,
 * presence, conversation updates, host emits to its user room), as they were sent, payload ids
 * included, each with its offset; typing is volatile and never replayed. Carol, connected the whole
 * time, sees live what alice misses: alice's replay must be carol's view without the typing, plus
 * what went to alice's user room only.
 */
class ReplayedEventsTest {

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start();

    @Test
    void retainedEventsAreReplayedWithTheirIdsAndTypingIsNot() {
        RawSioClient alice = server.connect("alice");
        alice.join("c1");
        try (RawSioClient carol = server.connect("carol")) {
            carol.join("c1");
            List<RawSioClient.Event> beforeCut = until(alice, presenceOf("carol", true));
            String offset = beforeCut.get(beforeCut.size() - 1).offset();
            carol.eventsSoFar(); // what carol saw before alice left is not part of the comparison
            RawSioClient.Reply first = alice.reply();
            server.cut(alice);

            try (RawSioClient bob = server.connect("bob")) {
                bob.join("c1");
                bob.call("typing_start", Map.of("conversationId", "c1"));
                bob.call("send_message", Map.of("conversationId", "c1", "text", "hi"));
                server.server().emitter().conversationUpdated("c1", ConversationChange.UPDATED,
                        List.of("alice", "bob", "carol"));
                server.server().emitter().toUser("alice").emit("user:notice", Map.of("id", "notice-1"));
                server.cut(bob);
            }
            List<RawSioClient.Event> sawWhileAway = until(carol, presenceOf("bob", false));
            assertTrue(sawWhileAway.stream().anyMatch(e -> e.name().equals("typing")), "bob's typing was sent");

            try (RawSioClient back = server.reconnect("alice", first.pid(), offset)) {
                assertEquals(first.sid(), back.reply().sid());
                List<RawSioClient.Event> sawAfter = until(carol, presenceOf("alice", true));
                List<String> expected = new ArrayList<>();
                for (RawSioClient.Event event : sawWhileAway) {
                    if (!event.name().equals("typing")) {
                        expected.add(event.name() + " " + event.id());
                    }
                    if (event.name().equals("conversation:updated")) {
                        expected.add("user:notice notice-1");
                    }
                }
                // after the replay, alice is back in c1: her own presence, live
                sawAfter.forEach(event -> expected.add(event.name() + " " + event.id()));

                List<RawSioClient.Event> got = back.eventsSoFar();
                assertEquals(expected, got.stream().map(e -> e.name() + " " + e.id()).toList());
                assertOffsetsIncrease(offset, got);
            }
        }
    }

    private static Predicate<RawSioClient.Event> presenceOf(String userId, boolean online) {
        return event -> event.name().equals("presence") && event.payload().path("userId").asText().equals(userId)
                && event.payload().path("online").asBoolean() == online;
    }

    /** The events a client receives up to and including the first that matches. */
    private static List<RawSioClient.Event> until(RawSioClient client, Predicate<RawSioClient.Event> last) {
        List<RawSioClient.Event> events = new ArrayList<>();
        while (true) {
            RawSioClient.Event event = client.nextEvent();
            events.add(event);
            if (last.test(event)) {
                return events;
            }
        }
    }

    /** Offsets of one node are sequence numbers. */
    private static void assertOffsetsIncrease(String from, List<RawSioClient.Event> events) {
        String previous = from;
        for (RawSioClient.Event event : events) {
            assertNotNull(event.offset(), "a retained event carries its offset: " + event);
            assertTrue(Long.parseLong(previous) < Long.parseLong(event.offset()), previous + " then " + event.offset());
            previous = event.offset();
        }
    }
}
