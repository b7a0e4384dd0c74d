package dev.syncio;

/**
 * Sends server events to rooms, from any thread of the host service. Immutable: every
 * {@code to...}/{@code except} returns a new emitter, so a target can be built once and reused,
 * and two threads can never disturb each other's targets.
 *
 * <pre>{@code
 * server.emitter().toConversation("c42").except(senderSocketId).emit("message:new", payload);
 * }</pre>
 *
 * <p>The event is encoded once; the same bytes go to every member socket, each exactly once even
 * when it is in several of the targeted rooms.
 */
public interface SyncEmitter {

    /**
     * An emitter for a process with no sockets of its own (a worker, a webhook consumer) that
     * publishes to a cluster's nodes through Redis, under the default key prefix {@code syncio}.
     * Every node delivers its events to its member sockets, as if a node had emitted them.
     *
     * @param client a Redisson client; stays the caller's
     */
    static SyncEmitter redis(org.redisson.api.RedissonClient client) {
        return redis(client, "syncio");
    }

    /**
     * An emitter for a process with no sockets, publishing to the cluster whose nodes were built
     * with {@code clusterPrefix(prefix)}. Emitting never blocks; while Redis is unreachable events
     * are dropped (logged once), since there is no socket here to deliver them to.
     *
     * @param client a Redisson client; stays the caller's
     * @param prefix the cluster's key prefix
     */
    static SyncEmitter redis(org.redisson.api.RedissonClient client, String prefix) {
        return dev.syncio.cluster.RedisCluster.standaloneEmitter(client, prefix);
    }

    /**
     * As {@link #redis(org.redisson.api.RedissonClient, String)}, for a cluster whose nodes keep a
     * recovery history of other than the default 100,000 events: pass the nodes'
     * {@code recoveryHistory} {@code maxEvents}, since every append trims the shared stream to it.
     *
     * @param client    a Redisson client; stays the caller's
     * @param prefix    the cluster's key prefix
     * @param maxEvents the nodes' {@code recoveryHistory(maxEvents, ...)}
     */
    static SyncEmitter redis(org.redisson.api.RedissonClient client, String prefix, int maxEvents) {
        return dev.syncio.cluster.RedisCluster.standaloneEmitter(client, prefix, maxEvents);
    }

    /** Adds the room {@code conversation:<id>} to the targets. */
    SyncEmitter toConversation(String conversationId);

    /** Adds the room {@code user:<userId>} (every device of that user) to the targets. */
    SyncEmitter toUser(String userId);

    /**
     * Adds the room {@code topic:<name>} (every socket subscribed to the topic) to the targets.
     * Topic events are retained and recovered like conversation events.
     */
    SyncEmitter toTopic(String topic);

    /** Targets every connected socket of the namespace. */
    SyncEmitter toAll();

    /** Leaves out one socket (typically the sender's). */
    SyncEmitter except(String socketId);

    /** Sends the event with these arguments to the targets. */
    void emit(String event, Object... args);

    /** {@code message:new} to the message's conversation (and any rooms already targeted). */
    void messageNew(dev.syncio.event.ChatMessage message);

    /** {@code message:status} to the conversation (and any rooms already targeted). */
    void messageStatus(String conversationId, String messageId, dev.syncio.event.MessageStatus status, String userId,
                       java.time.Instant at);

    /** {@code message:updated} to the message's conversation (and any rooms already targeted). */
    void messageUpdated(dev.syncio.event.ChatMessage message);

    /** {@code conversation:updated} to {@code user:<id>} of each member (and any rooms already targeted). */
    void conversationUpdated(String conversationId, dev.syncio.event.ConversationChange change,
                             java.util.Collection<String> memberIds);

    /**
     * {@code resource:changed} to the one topic targeted ({@link #toTopic}), for a change the host
     * has stored: {@code {id, topic, resource, action, resourceId, data, version, at}}. Where the
     * server coalesces the topic ({@code SyncServer.Builder.coalesceTopics}), the change goes out
     * in the window's {@code topic:batch} instead.
     *
     * <pre>{@code
     * server.emitter().toTopic("orders").changed("order", ChangeAction.UPDATED, order.id(), order, order.version());
     * }</pre>
     *
     * @param resource   the kind of resource ({@code "order"})
     * @param action     created, updated or deleted
     * @param resourceId the resource's id
     * @param data       the resource as it is now, serialised with Jackson; may be null
     * @param version    the host's version of the resource after the change
     * @throws IllegalStateException when not exactly one topic is targeted
     */
    void changed(String resource, dev.syncio.event.ChangeAction action, String resourceId, Object data, long version);
}
