package dev.syncio.emit;

import dev.syncio.SyncEmitter;
import dev.syncio.event.ChangeAction;
import dev.syncio.event.ChatMessage;
import dev.syncio.event.ConversationChange;
import dev.syncio.event.MessageStatus;
import dev.syncio.event.Payloads;
import dev.syncio.protocol.SioEncoder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The first stage of the emit pipeline: an immutable target that, on {@code emit}, encodes the
 * event once and hands it to the bus as a {@link Broadcast}. Nothing here knows where the member
 * sockets are: the bus brings the broadcast to every node, where {@link LocalDelivery} writes it.
 */
public final class EmitterImpl implements SyncEmitter {

    private final SioEncoder encoder;
    private final Consumer<Broadcast> bus;
    private final Target target;
    private final boolean retained;
    private final Coalescer coalescer;

    /**
     * An emitter with no target yet.
     *
     * @param encoder   encodes each event once
     * @param bus       publishes the broadcast to every node
     * @param namespace the namespace the events belong to
     */
    public EmitterImpl(SioEncoder encoder, Consumer<Broadcast> bus, String namespace) {
        this(encoder, bus, namespace, Coalescer.NONE);
    }

    /**
     * An emitter with no target yet whose {@code resource:changed} events of coalesced topics go
     * through {@code coalescer}.
     */
    public EmitterImpl(SioEncoder encoder, Consumer<Broadcast> bus, String namespace, Coalescer coalescer) {
        this(encoder, bus, new Target(namespace, Set.of(), false, Set.of(), Set.of()), true, coalescer);
    }

    private EmitterImpl(SioEncoder encoder, Consumer<Broadcast> bus, Target target, boolean retained,
                        Coalescer coalescer) {
        this.encoder = encoder;
        this.bus = bus;
        this.target = target;
        this.retained = retained;
        this.coalescer = coalescer;
    }

    @Override
    public EmitterImpl toConversation(String conversationId) {
        return withRoom(RoomNames.conversation(requireId(conversationId, "conversationId")));
    }

    @Override
    public EmitterImpl toUser(String userId) {
        return withRoom(RoomNames.user(requireId(userId, "userId")));
    }

    @Override
    public EmitterImpl toTopic(String topic) {
        return withRoom(RoomNames.topic(requireId(topic, "topic")));
    }

    @Override
    public EmitterImpl toAll() {
        return with(new Target(target.namespace(), target.rooms(), true, target.exceptSockets(), target.exceptUsers()));
    }

    @Override
    public EmitterImpl except(String socketId) {
        return with(new Target(target.namespace(), target.rooms(), target.all(),
                plus(target.exceptSockets(), Objects.requireNonNull(socketId, "socketId")), target.exceptUsers()));
    }

    /** Leaves out every socket of one user, on every node (the typist, for {@code typing}). */
    public EmitterImpl exceptUser(String userId) {
        return with(new Target(target.namespace(), target.rooms(), target.all(), target.exceptSockets(),
                plus(target.exceptUsers(), Objects.requireNonNull(userId, "userId"))));
    }

    /** The same target for an event that recovery does not keep (typing): lost when nobody is there to see it. */
    public EmitterImpl volatileEvents() {
        return new EmitterImpl(encoder, bus, target, false, coalescer);
    }

    @Override
    public void messageNew(ChatMessage message) {
        Objects.requireNonNull(message, "message");
        withRoom(RoomNames.conversation(message.conversationId())).emit("message:new",
                new Payloads.MessageNew(EventIds.next(), message.conversationId(), message));
    }

    @Override
    public void messageStatus(String conversationId, String messageId, MessageStatus status, String userId,
                              Instant at) {
        requireId(messageId, "messageId");
        requireId(userId, "userId");
        withRoom(RoomNames.conversation(requireId(conversationId, "conversationId"))).emit("message:status",
                new Payloads.MessageStatusChanged(EventIds.next(), conversationId, messageId,
                        Objects.requireNonNull(status, "status"), userId, Objects.requireNonNull(at, "at")));
    }

    @Override
    public void messageUpdated(ChatMessage message) {
        Objects.requireNonNull(message, "message");
        withRoom(RoomNames.conversation(message.conversationId())).emit("message:updated",
                new Payloads.MessageUpdated(EventIds.next(), message.conversationId(), message));
    }

    @Override
    public void conversationUpdated(String conversationId, ConversationChange change, Collection<String> memberIds) {
        requireId(conversationId, "conversationId");
        EmitterImpl to = this;
        for (String member : memberIds) {
            to = to.withRoom(RoomNames.user(requireId(member, "memberId")));
        }
        if (to.target.rooms().isEmpty() && !to.target.all()) {
            return; // no members: nobody to tell
        }
        to.emit("conversation:updated", new Payloads.ConversationUpdated(EventIds.next(), conversationId,
                Objects.requireNonNull(change, "change"), Instant.now()));
    }

    @Override
    public void changed(String resource, ChangeAction action, String resourceId, Object data, long version) {
        String topic = onlyTopic();
        Payloads.ResourceChanged change = new Payloads.ResourceChanged(EventIds.next(), topic,
                requireId(resource, "resource"), Objects.requireNonNull(action, "action"),
                requireId(resourceId, "resourceId"), data, version, Instant.now());
        if (!retained || !coalescer.hold(target, change)) {
            emit("resource:changed", change);
        }
    }

    /** The one topic this emitter targets, for a payload that names it. */
    private String onlyTopic() {
        String topic = null;
        for (String room : target.rooms()) {
            if (room.startsWith(RoomNames.TOPIC_PREFIX)) {
                if (topic != null) {
                    throw new IllegalStateException("changed(...) needs exactly one topic: call toTopic once");
                }
                topic = room.substring(RoomNames.TOPIC_PREFIX.length());
            }
        }
        if (topic == null) {
            throw new IllegalStateException("changed(...) needs a topic: call toTopic first");
        }
        return topic;
    }

    @Override
    public void emit(String event, Object... args) {
        Objects.requireNonNull(event, "event");
        if (!target.all() && target.rooms().isEmpty()) {
            throw new IllegalStateException("no target: call toConversation, toUser, toTopic or toAll before emit");
        }
        bus.accept(new Broadcast(target, encoder.event(target.namespace(), event, Arrays.asList(args), -1), retained));
    }

    private EmitterImpl withRoom(String room) {
        return with(new Target(target.namespace(), plus(target.rooms(), room), target.all(), target.exceptSockets(),
                target.exceptUsers()));
    }

    private EmitterImpl with(Target next) {
        return new EmitterImpl(encoder, bus, next, retained, coalescer);
    }

    private static Set<String> plus(Set<String> set, String element) {
        Set<String> copy = new LinkedHashSet<>(set);
        copy.add(element);
        return copy;
    }

    private static String requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return id;
    }
}
