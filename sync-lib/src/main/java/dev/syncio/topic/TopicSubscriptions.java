package dev.syncio.topic;

import dev.syncio.ErrorCode;
import dev.syncio.SyncException;
import dev.syncio.TopicAccess;
import dev.syncio.dispatch.PolicyAnswers;
import dev.syncio.emit.RoomNames;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic subscriptions of sockets: {@code subscribe} (checked by the host's {@link TopicAccess}),
 * {@code unsubscribe}, and the check a recovering socket's topics pass again. A subscription is
 * membership of the room {@code topic:<name>}; it ends with the socket. Unlike conversations a
 * topic has no presence: subscribers are not announced to each other.
 */
public final class TopicSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(TopicSubscriptions.class);

    private final TopicAccess access;
    private final int maxTopicsPerSocket;

    public TopicSubscriptions(TopicAccess access, int maxTopicsPerSocket) {
        this.access = access;
        this.maxTopicsPerSocket = maxTopicsPerSocket;
    }

    /** Subscribes after asking the host's policy; completes with the ack {@code {ok, topic}}. */
    public CompletionStage<Map<String, Object>> subscribe(Subscriber socket, String topic) {
        String room = RoomNames.topic(topic);
        if (socket.inRoom(room)) {
            return CompletableFuture.completedFuture(ack(topic));
        }
        if (socket.topics().size() >= maxTopicsPerSocket) {
            return CompletableFuture.failedFuture(new SyncException(ErrorCode.FORBIDDEN,
                    "a socket may be subscribed to at most " + maxTopicsPerSocket + " topics"));
        }
        return allowed(socket, topic).thenApply(allowed -> {
            if (!allowed) {
                throw new SyncException(ErrorCode.FORBIDDEN, "not allowed to subscribe to this topic");
            }
            if (!socket.join(room)) {
                throw new SyncException(ErrorCode.FORBIDDEN, "the socket is disconnected");
            }
            return ack(topic);
        });
    }

    /** Ends a subscription; answers {@code {ok, topic}} also when there was none. */
    public Map<String, Object> unsubscribe(Subscriber socket, String topic) {
        socket.leave(RoomNames.topic(topic));
        return ack(topic);
    }

    /**
     * Asks the host's policy again for a topic a recovering socket was subscribed to: a user who
     * lost access while away gets neither the subscription nor its missed events.
     */
    public CompletionStage<Boolean> mayResubscribe(Subscriber socket, String topic) {
        return allowed(socket, topic);
    }

    private CompletionStage<Boolean> allowed(Subscriber socket, String topic) {
        return PolicyAnswers.ask(() -> access.canSubscribe(socket.principal(), topic), error -> log.warn(
                "topic access check failed for user {} and topic {}; refusing", socket.principal().userId(), topic,
                error));
    }

    private static Map<String, Object> ack(String topic) {
        return Map.of("ok", true, "topic", topic);
    }
}
