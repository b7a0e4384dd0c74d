package dev.syncio.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.ErrorCode;
import dev.syncio.Principal;
import dev.syncio.SyncException;
import dev.syncio.TopicAccess;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TopicSubscriptionsTest {

    /** A socket's rooms, in memory. */
    private static final class Member implements Subscriber {
        final Set<String> rooms = new LinkedHashSet<>();
        boolean closed;

        @Override
        public Principal principal() {
            return new Principal("alice", Map.of(), null);
        }

        @Override
        public boolean inRoom(String room) {
            return rooms.contains(room);
        }

        @Override
        public boolean join(String room) {
            return !closed && rooms.add(room) | true;
        }

        @Override
        public void leave(String room) {
            rooms.remove(room);
        }

        @Override
        public List<String> topics() {
            List<String> topics = new ArrayList<>();
            rooms.forEach(r -> topics.add(r.substring("topic:".length())));
            return topics;
        }
    }

    private static ErrorCode refusal(CompletableFuture<?> stage) {
        CompletionException e = assertThrows(CompletionException.class, stage::join);
        return assertInstanceOf(SyncException.class, e.getCause()).code();
    }

    @Test
    void anAllowedTopicIsJoinedAsItsRoomAndAcked() {
        Member socket = new Member();
        TopicSubscriptions topics = new TopicSubscriptions(TopicAccess.blocking((p, t) -> t.equals("orders")), 10);
        Map<String, Object> ack = topics.subscribe(socket, "orders").toCompletableFuture().join();
        assertEquals(Map.of("ok", true, "topic", "orders"), ack);
        assertEquals(Set.of("topic:orders"), socket.rooms);
    }

    @Test
    void theDefaultPolicyAFailingPolicyAndAThrowingOneAllRefuseWithForbidden() {
        Member socket = new Member();
        assertEquals(ErrorCode.FORBIDDEN, refusal(new TopicSubscriptions(TopicAccess.denyAll(), 10)
                .subscribe(socket, "orders").toCompletableFuture()));
        assertEquals(ErrorCode.FORBIDDEN, refusal(new TopicSubscriptions(
                (p, t) -> CompletableFuture.failedFuture(new IllegalStateException("db down")), 10)
                .subscribe(socket, "orders").toCompletableFuture()));
        assertEquals(ErrorCode.FORBIDDEN, refusal(new TopicSubscriptions((p, t) -> {
            throw new IllegalStateException("bug");
        }, 10).subscribe(socket, "orders").toCompletableFuture()));
        assertEquals(ErrorCode.FORBIDDEN, refusal(new TopicSubscriptions((p, t) -> null, 10)
                .subscribe(socket, "orders").toCompletableFuture()));
        assertTrue(socket.rooms.isEmpty());
    }

    @Test
    void anAsyncPolicyIsWaitedFor() {
        Member socket = new Member();
        CompletableFuture<Boolean> later = new CompletableFuture<>();
        CompletableFuture<Map<String, Object>> ack = new TopicSubscriptions((p, t) -> later, 10)
                .subscribe(socket, "orders").toCompletableFuture();
        assertFalse(ack.isDone());
        later.complete(true);
        assertEquals(true, ack.join().get("ok"));
        assertTrue(socket.inRoom("topic:orders"));
    }

    @Test
    void aSocketAtItsLimitIsRefusedWithoutAskingThePolicyAndAnExistingSubscriptionIsNotAskedAgain() {
        AtomicInteger asked = new AtomicInteger();
        TopicSubscriptions topics = new TopicSubscriptions(TopicAccess.blocking((p, t) -> {
            asked.incrementAndGet();
            return true;
        }), 2);
        Member socket = new Member();
        topics.subscribe(socket, "a").toCompletableFuture().join();
        topics.subscribe(socket, "b").toCompletableFuture().join();
        assertEquals(ErrorCode.FORBIDDEN, refusal(topics.subscribe(socket, "c").toCompletableFuture()));
        assertEquals(true, topics.subscribe(socket, "a").toCompletableFuture().join().get("ok"));
        assertEquals(2, asked.get());
        topics.unsubscribe(socket, "a");
        topics.subscribe(socket, "c").toCompletableFuture().join();
        assertEquals(Set.of("topic:b", "topic:c"), socket.rooms);
    }

    @Test
    void unsubscribingATopicNotSubscribedIsFine() {
        Member socket = new Member();
        assertEquals(Map.of("ok", true, "topic", "x"), new TopicSubscriptions(TopicAccess.denyAll(), 1)
                .unsubscribe(socket, "x"));
    }

    @Test
    void aClosedSocketIsNotSubscribed() {
        Member socket = new Member();
        socket.closed = true;
        assertEquals(ErrorCode.FORBIDDEN, refusal(new TopicSubscriptions(TopicAccess.blocking((p, t) -> true), 5)
                .subscribe(socket, "orders").toCompletableFuture()));
    }

    @Test
    void resubscribingAfterRecoveryAsksThePolicyAgain() {
        Member socket = new Member();
        TopicSubscriptions topics = new TopicSubscriptions(TopicAccess.blocking((p, t) -> t.equals("kept")), 5);
        assertTrue(topics.mayResubscribe(socket, "kept").toCompletableFuture().join());
        assertFalse(topics.mayResubscribe(socket, "revoked").toCompletableFuture().join());
    }
}
