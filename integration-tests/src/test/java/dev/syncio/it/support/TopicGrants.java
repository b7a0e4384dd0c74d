package dev.syncio.it.support;

import dev.syncio.TopicAccess;
import io.socket.client.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.json.JSONObject;

/**
 * A host's topic policy for the topic tests: which user may subscribe to which topic, held in
 * memory and changeable at any time (a revocation while a client is away, for instance). Give
 * {@link #access()} to a server ({@code ChatServer.start(b -> b.topicAccess(grants.access()))});
 * nothing is granted until {@link #allow}. Also the client side of {@code subscribe} and
 * {@code unsubscribe} for the real Java client.
 */
public final class TopicGrants {

    private final ConcurrentMap<String, Set<String>> topicsByUser = new ConcurrentHashMap<>();

    /** Lets {@code userId} subscribe to these topics from now on. */
    public TopicGrants allow(String userId, String... topics) {
        topicsByUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).addAll(Arrays.asList(topics));
        return this;
    }

    /** Takes the grant away in the policy only (sockets already subscribed stay so until they recover or resubscribe). */
    public void revoke(String userId, String topic) {
        Set<String> topics = topicsByUser.get(userId);
        if (topics != null) {
            topics.remove(topic);
        }
    }

    /** The policy: an in-memory look-up, answered at once. */
    public TopicAccess access() {
        return TopicAccess.blocking((principal, topic) ->
                topicsByUser.getOrDefault(principal.userId(), Set.of()).contains(topic));
    }

    /** {@code subscribe {topic}} and returns its ack. */
    public static JSONObject subscribe(Socket socket, String topic) {
        return ChatServer.call(socket, "subscribe", Map.of("topic", topic));
    }

    /** {@code subscribe} that must succeed; returns its ack. */
    public static JSONObject subscribeOk(Socket socket, String topic) {
        JSONObject ack = subscribe(socket, topic);
        if (!ack.optBoolean("ok")) {
            throw new AssertionError("subscribe to " + topic + " refused: " + ack);
        }
        return ack;
    }

    /** {@code subscribe} over the raw client; fails unless acked ok. */
    public static void subscribeOk(RawSioClient client, String topic) {
        com.fasterxml.jackson.databind.JsonNode ack = client.call("subscribe", Map.of("topic", topic)).path(0);
        if (!ack.path("ok").asBoolean()) {
            throw new AssertionError("subscribe to " + topic + " refused: " + ack);
        }
    }

    /** {@code unsubscribe {topic}} and returns its ack. */
    public static JSONObject unsubscribe(Socket socket, String topic) {
        return ChatServer.call(socket, "unsubscribe", Map.of("topic", topic));
    }

    /**
     * Waits until every event emitted to this client before the call has reached its listeners:
     * the server handles a socket's packets in order and writes its events in order, so the ack
     * of a {@code ping} sent now comes after them (a recovered session's replay included), and
     * the Java client runs listeners and ack callbacks on one thread, in order. For one node only:
     * in a cluster use a barrier through the bus.
     */
    public static void settle(Socket socket) {
        JSONObject ack = ChatServer.call(socket, "ping", Map.of());
        if (!ack.optBoolean("ok")) {
            throw new AssertionError("ping refused: " + ack);
        }
    }
}
