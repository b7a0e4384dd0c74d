package dev.syncio.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.TopicAccess;
import dev.syncio.event.ChangeAction;
import dev.syncio.it.support.RawSioClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code removeFromTopic} ends a user's subscription on every socket, in order with the changes
 * emitted before it, and a recovering client does not get the topic back: neither the subscription
 * nor the changes after the revocation.
 */
class TopicRevocationTest {

    /** Who may subscribe to which topic: "user/topic". */
    private final Set<String> allowed = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    final RecoveryServer server = RecoveryServer.start(b -> b.topicAccess(
            TopicAccess.blocking((user, topic) -> allowed.contains(user.userId() + "/" + topic))));

    @Test
    void aRevokedSubscriptionStopsItsChangesOnEverySocketOfTheUser() {
        allowed.addAll(List.of("alice/orders", "alice/stock"));
        RawSioClient phone = server.connect("alice");
        RawSioClient laptop = server.connect("alice");
        for (RawSioClient socket : List.of(phone, laptop)) {
            subscribe(socket, "orders");
            subscribe(socket, "stock");
        }
        change("orders", "o-1");
        allowed.remove("alice/orders");
        assertEquals(2, server.server().removeFromTopic("alice", "orders"));
        change("orders", "o-2");
        change("stock", "s-1");

        for (RawSioClient socket : List.of(phone, laptop)) {
            assertEquals(List.of("orders/o-1", "stock/s-1"), changes(socket.eventsSoFar()),
                    "the change before the revocation, none after it, and the other topic's");
            assertEquals("forbidden", socket.call("subscribe", Map.of("topic", "orders")).path(0)
                    .path("error").path("code").asText(), "the policy now says no");
        }
        phone.close();
        laptop.close();
    }

    @Test
    void aTopicRevokedWhileAwayIsNotRecoveredNorItsChangesReplayed() {
        allowed.addAll(List.of("alice/orders", "alice/stock"));
        RawSioClient alice = server.connect("alice");
        subscribe(alice, "orders");
        subscribe(alice, "stock");
        change("stock", "s-0");
        String offset = alice.eventsSoFar().get(0).offset();
        RawSioClient.Reply first = alice.reply();
        server.cut(alice);

        change("orders", "o-1");
        server.server().removeFromTopic("alice", "orders");
        change("orders", "o-2");
        change("stock", "s-1");

        try (RawSioClient back = server.reconnect("alice", first.pid(), offset)) {
            assertEquals(first.sid(), back.reply().sid(), "recovered");
            assertEquals(List.of("orders/o-1", "stock/s-1"), changes(back.eventsSoFar()),
                    "what was missed up to the revocation, and the topic still held");
            change("orders", "o-live");
            change("stock", "s-live");
            assertEquals(List.of("stock/s-live"), changes(back.eventsSoFar()), "subscribed to stock only");
        }
    }

    private static void subscribe(RawSioClient socket, String topic) {
        assertTrue(socket.call("subscribe", Map.of("topic", topic)).path(0).path("ok").asBoolean(), topic);
    }

    private void change(String topic, String id) {
        server.server().emitter().toTopic(topic).changed("item", ChangeAction.UPDATED, id, Map.of("id", id), 1);
    }

    private static List<String> changes(List<RawSioClient.Event> events) {
        return events.stream().filter(e -> e.name().equals("resource:changed"))
                .map(e -> e.payload().path("topic").asText() + "/" + e.payload().path("resourceId").asText())
                .toList();
    }
}
