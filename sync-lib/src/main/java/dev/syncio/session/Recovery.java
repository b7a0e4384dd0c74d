package dev.syncio.session;

import dev.syncio.cluster.ClusterBus;
import dev.syncio.conversation.ConversationRooms;
import dev.syncio.emit.Broadcast;
import dev.syncio.emit.LocalDelivery;
import dev.syncio.emit.Offsets;
import dev.syncio.emit.RecoveryGate;
import dev.syncio.emit.RoomNames;
import dev.syncio.emit.Sequenced;
import dev.syncio.protocol.EncodedPacket;
import dev.syncio.recovery.SessionRecord;
import dev.syncio.recovery.SessionStore;
import dev.syncio.topic.TopicSubscriptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection state recovery, as socket.io-client's {@code connectionStateRecovery} asks for it: a
 * CONNECT whose auth carries {@code pid} and {@code offset} gets back the socket id, the
 * conversations and the topics of the session {@code pid} names, and every retained event of those rooms after
 * {@code offset}, in order, before anything new.
 *
 * <p>Stricter than the reference server: this runs only after the token was verified, the session
 * must belong to the same user, and each conversation and topic is checked against the host's
 * policies again. Anything that does not add up (unknown or expired pid, another user's pid, history
 * trimmed past the offset, the store unreachable) gives a fresh session, never a partial replay.
 */
final class Recovery {

    /** What a CONNECT asks to recover. The pid is a secret: never logged. */
    record Request(String pid, String offset) {
        @Override
        public String toString() {
            return "Request[offset=" + offset + "]";
        }
    }

    /**
     * A session found and its missed events, ready to replay, or a reason why there is none.
     *
     * @param record  the session taken over, or null
     * @param gate    holds this node's broadcasts for the socket meanwhile, or null
     * @param replay  the missed events, offsets appended
     * @param through the offset the replay ends at
     * @param rooms   the rooms the socket is in after the replay
     * @param failure why there is nothing to recover, or null
     */
    record Attempt(SessionRecord record, RecoveryGate gate, List<EncodedPacket> replay, String through,
                   Set<String> rooms, String failure) {

        static Attempt failed(String why) {
            return new Attempt(null, null, List.of(), null, Set.of(), why);
        }

        boolean found() {
            return failure == null;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    private static final int MAX_PID_LENGTH = 64;
    private static final long LIVE_TIMEOUT_SECONDS = 30;

    private final SessionStore store;
    private final ClusterBus bus;
    private final LocalDelivery delivery;
    private final ConversationRooms conversations;
    private final TopicSubscriptions topics;
    private final ScheduledExecutorService timer;
    private final Executor callbacks;

    Recovery(SessionStore store, ClusterBus bus, LocalDelivery delivery, ConversationRooms conversations,
             TopicSubscriptions topics, ScheduledExecutorService timer, Executor callbacks) {
        this.topics = topics;
        this.timer = timer;
        this.callbacks = callbacks;
        this.store = store;
        this.bus = bus;
        this.delivery = delivery;
        this.conversations = conversations;
    }

    /**
     * What the CONNECT's auth asks to recover, or null when it names no session. A pid without a
     * usable offset (socket.io-client sends none when no retained event reached it) is a request
     * that cannot be honoured: the offset is then null, and the socket gets a fresh session, counted.
     */
    static Request request(Map<String, Object> auth) {
        if (!(auth.get("pid") instanceof String pid) || pid.isEmpty()) {
            return null;
        }
        Object offset = auth.get("offset");
        boolean usable = pid.length() <= MAX_PID_LENGTH && Offsets.valid(offset);
        return new Request(usable ? pid : null, usable ? (String) offset : null);
    }

    /** The CONNECT's auth without {@code pid} and {@code offset}, as the host's handlers see it. */
    static Map<String, Object> withoutRecoveryKeys(Map<String, Object> auth) {
        if (!auth.containsKey("pid") && !auth.containsKey("offset")) {
            return auth;
        }
        Map<String, Object> rest = new java.util.LinkedHashMap<>(auth);
        rest.remove("pid");
        rest.remove("offset");
        return java.util.Collections.unmodifiableMap(rest);
    }

    /**
     * Finds the session and the events it missed, for a socket whose token was verified. From the
     * moment the session is found, this node's broadcasts for it are held (see {@link RecoveryGate}):
     * the history read next and the held broadcasts overlap, never leave a gap.
     */
    CompletionStage<Attempt> prepare(SocketImpl socket, Request request) {
        if (request.offset() == null) {
            return CompletableFuture.completedFuture(Attempt.failed("a pid without a usable offset"));
        }
        String userId = socket.principal().userId();
        CompletionStage<Optional<SessionRecord>> taken;
        try {
            taken = store.take(request.pid(), userId, socket.namespace(), socket.owner());
        } catch (RuntimeException e) {
            taken = CompletableFuture.failedFuture(e);
        }
        return taken.handle((found, error) -> {
            if (error != null) {
                log.warn("connection state recovery for user {} failed: the session store did not answer ({})",
                        userId, error.toString());
                return null;
            }
            return found.orElse(null);
            // on a callback thread, not the store's I/O thread: the host's access policy may block
        }).thenComposeAsync(record -> {
            if (record == null) {
                return CompletableFuture.completedFuture(Attempt.failed("no session to recover"));
            }
            RecoveryGate gate = delivery.hold(record.namespace(), record.sid(), userId,
                    rooms(userId, record.conversations(), record.topics()));
            CompletableFuture<Set<String>> allowed = allowedRooms(socket, record);
            CompletableFuture<Optional<List<Sequenced>>> history;
            try {
                history = bus.since(request.offset()).toCompletableFuture();
            } catch (RuntimeException e) {
                history = CompletableFuture.failedFuture(e);
            }
            return allowed.thenCombine(history, (allowedRooms, missed) -> {
                if (missed.isEmpty()) {
                    return Attempt.failed("the history no longer reaches back to the client's offset");
                }
                return replayable(record, gate, userId, allowedRooms, missed.get(), request.offset());
            }).handle((attempt, failure) -> {
                if (failure != null) {
                    log.warn("connection state recovery for user {} failed: {}", userId, failure.toString());
                    attempt = Attempt.failed("the history could not be read");
                }
                if (!attempt.found()) {
                    delivery.abandon(gate, new IllegalStateException(attempt.failure()));
                    // the client starts afresh: the session it named is of no more use
                    store.forget(record.emptied(socket.owner()));
                }
                return attempt;
            });
        }, callbacks);
    }

    /**
     * The rooms of the session the host's policies still allow (its user room, its conversations
     * and its topics), asked all at once.
     */
    private CompletableFuture<Set<String>> allowedRooms(SocketImpl socket, SessionRecord record) {
        List<String> rooms = new ArrayList<>();
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (String id : record.conversations()) {
            rooms.add(RoomNames.conversation(id));
            answers.add(conversations.mayRejoin(socket, id).toCompletableFuture());
        }
        for (String topic : record.topics()) {
            rooms.add(RoomNames.topic(topic));
            answers.add(topics.mayResubscribe(socket, topic).toCompletableFuture());
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(all -> {
            Set<String> allowed = new LinkedHashSet<>();
            allowed.add(RoomNames.user(record.userId()));
            for (int i = 0; i < rooms.size(); i++) {
                if (Boolean.TRUE.equals(answers.get(i).join())) {
                    allowed.add(rooms.get(i));
                }
            }
            int lost = rooms.size() + 1 - allowed.size();
            if (lost > 0) {
                log.debug("recovered socket {} of user {} lost {} conversations or topics the policies no longer allow",
                        record.sid(), record.userId(), lost);
            }
            return allowed;
        });
    }

    /** The rooms of a user's socket in these conversations and topics. */
    private static Set<String> rooms(String userId, Set<String> conversationIds, Set<String> topicNames) {
        Set<String> rooms = new LinkedHashSet<>();
        rooms.add(RoomNames.user(userId));
        for (String id : conversationIds) {
            rooms.add(RoomNames.conversation(id));
        }
        for (String topic : topicNames) {
            rooms.add(RoomNames.topic(topic));
        }
        return rooms;
    }

    /**
     * Picks the missed events of the socket's rooms from the history, applying in order the
     * revocations it finds there (a room revoked while away contributes nothing after that).
     */
    private static Attempt replayable(SessionRecord record, RecoveryGate gate, String userId,
                                      Set<String> allowedRooms, List<Sequenced> missed, String offset) {
        Set<String> rooms = new LinkedHashSet<>(allowedRooms);
        Set<String> userRoom = Set.of(RoomNames.user(userId));
        List<EncodedPacket> replay = new ArrayList<>();
        String through = offset;
        for (Sequenced entry : missed) {
            Broadcast b = entry.broadcast();
            through = entry.offset();
            if (b.leaveRoom() != null) {
                if (b.target().reaches(record.namespace(), record.sid(), userId, userRoom)) {
                    rooms.remove(b.leaveRoom());
                }
            } else if (b.retained() && b.target().reaches(record.namespace(), record.sid(), userId, rooms)) {
                replay.add(Offsets.append(b.packet(), entry.offset()));
            }
        }
        return new Attempt(record, gate, replay, through, rooms, null);
    }

    /**
     * Queues the replay on the socket's session (after its CONNECT reply) and lets the socket go
     * live: the returned stage completes with its rooms once it joined them, after the held
     * broadcasts went out.
     */
    CompletionStage<Set<String>> replay(SocketImpl socket, Attempt attempt) {
        delivery.replay(attempt.gate(), attempt.replay(), attempt.through(), attempt.rooms(), socket.engine(),
                socket::joinRestored);
        // the gate opens once this node's reading of the bus reaches the replay's end; should it
        // not (Redis unreachable meanwhile), the socket is not kept waiting for ever
        timer.schedule(() -> delivery.abandon(attempt.gate(), new TimeoutException(
                "this node's delivery did not reach the replay's end within " + LIVE_TIMEOUT_SECONDS + " s")),
                LIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return attempt.gate().live();
    }

    /** Gives up an attempt whose socket went away before it connected; its session stays recoverable. */
    void abandon(SocketImpl socket, Attempt attempt) {
        delivery.abandon(attempt.gate(), new IllegalStateException("the socket went away while it recovered"));
        store.disconnected(attempt.record().withOwner(socket.owner(), 1));
    }
}
