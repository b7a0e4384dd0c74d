package dev.syncio.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.ConversationAccess;
import dev.syncio.RateLimit;
import dev.syncio.SyncEmitter;
import dev.syncio.SyncConfig;
import dev.syncio.SyncNamespace;
import dev.syncio.SyncStats;
import dev.syncio.TopicAccess;
import dev.syncio.auth.TokenVerifier;
import dev.syncio.cluster.ClusterBus;
import dev.syncio.conversation.Announcements;
import dev.syncio.conversation.ConversationRooms;
import dev.syncio.conversation.NodeLossListener;
import dev.syncio.conversation.PresenceStore;
import dev.syncio.conversation.TypingTracker;
import dev.syncio.dispatch.Dispatcher;
import dev.syncio.dispatch.RateLimiter;
import dev.syncio.dispatch.TypedBinding;
import dev.syncio.dispatch.UserRateLimits;
import dev.syncio.emit.Broadcast;
import dev.syncio.emit.EmitterImpl;
import dev.syncio.emit.LocalDelivery;
import dev.syncio.recovery.SessionStore;
import dev.syncio.emit.LocalMembers;
import dev.syncio.emit.Recipient;
import dev.syncio.emit.RoomNames;
import dev.syncio.metrics.Counts;
import dev.syncio.protocol.SioEncoder;
import dev.syncio.protocol.SioParser;
import dev.syncio.transport.EngineListener;
import dev.syncio.transport.EngineSession;
import dev.syncio.topic.TopicBatcher;
import dev.syncio.topic.TopicSubscriptions;
import dev.syncio.transport.EngineStats;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Socket.IO layer of one server: it puts the parts together (namespaces and their sockets,
 * dispatch, conversations, typing, the emit pipeline over the bus) and gives each the narrow piece
 * of the others it needs. Internal: host code reaches it through {@code SyncServer}.
 */
public final class SocketLayer implements EngineListener, LocalMembers {

    /**
     * What the layer is configured with.
     *
     * @param verifier                  token verifier, or null for anonymous connections
     * @param queryToken                whether the {@code token} query parameter is a token source
     * @param connectTimeoutMs          how long a connection may wait before its CONNECT
     * @param access                    the host's conversation access policy
     * @param typingTimeout             when an unrefreshed {@code typing: true} ends
     * @param rateLimit                 the default per-socket rate limit
     * @param eventRateLimits           per-event rate limits
     * @param maxConversationsPerSocket how many conversations one socket may be in
     * @param limits                    what one client may make the layer hold or do
     * @param maxPayloadBytes           the bytes of one packet's attachments together are capped by this
     * @param userRateLimit             the per-user rate limit, shared by a user's sockets on this node
     * @param rateLimitOffences         refused packets a socket (or a session's CONNECTs) may have: bursts
     *                                  of {@code burst}, refilled at {@code perSecond}; past it the session is closed
     * @param topicAccess               the host's topic access policy
     * @param topics                    topic limits and coalescing
     */
    public record Options(TokenVerifier verifier, boolean queryToken, long connectTimeoutMs, ConversationAccess access,
                          Duration typingTimeout, RateLimit rateLimit, Map<String, RateLimit> eventRateLimits,
                          int maxConversationsPerSocket, SyncConfig.Limits limits, int maxPayloadBytes,
                          RateLimit userRateLimit, RateLimit rateLimitOffences, TopicAccess topicAccess,
                          SyncConfig.Topics topics) {
    }

    /** CONNECT packets of one session: bursts of 10, then one a second. */
    static final RateLimit CONNECT_RATE_LIMIT = new RateLimit(1, 10);
    /** Users with a rate-limit bucket at once on one node; beyond, the per-socket limits alone apply. */
    static final int MAX_USER_BUCKETS = 100_000;

    private final ObjectMapper mapper;
    private final SioParser parser;
    private final SioEncoder encoder;
    private final TypedBinding binding;
    private final ExecutorService callbackPool;
    private final ScheduledExecutorService timer;
    private final Options options;
    private final ClusterBus bus;
    private final Authenticator authenticator;
    private final SessionExpiry expiry;
    private final Announcements announcements;
    private final ConversationRooms conversations;
    private final TopicBatcher batcher;
    private final Dispatcher<SocketImpl> dispatcher;
    private final Stats stats = new Stats();
    private final Counts counts = new Counts();
    private final UserRateLimits userRateLimits;
    private final ConcurrentMap<String, NamespaceImpl> namespaces = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final RefusalSummary refusalSummary = new RefusalSummary();
    /** Null when connection state recovery is off. */
    private final SessionStore sessionStore;
    private final Recovery recovery;

    /**
     * @param bus      carries every emit to every node (a {@code LocalBus} for one node)
     * @param presence who is online where (in memory for one node, shared for many)
     * @param sessions where connection state recovery keeps sessions, or null when recovery is off
     */
    public SocketLayer(ObjectMapper mapper, ExecutorService callbackPool, ScheduledExecutorService timer, Options options,
                       ClusterBus bus, PresenceStore presence, SessionStore sessions) {
        this.mapper = mapper;
        this.parser = new SioParser(mapper);
        this.encoder = new SioEncoder(mapper);
        this.binding = new TypedBinding(mapper);
        this.callbackPool = callbackPool;
        this.timer = timer;
        this.options = options;
        this.bus = bus;
        this.authenticator = new Authenticator(options.verifier(), options.queryToken());
        this.expiry = new SessionExpiry(options.verifier(), timer);
        this.batcher = new TopicBatcher(options.topics().coalescing(), timer, (namespace, topic, batch) ->
                new EmitterImpl(encoder, bus::publish, namespace).toTopic(topic).emit("topic:batch", batch));
        this.announcements = new Announcements(this::emitterImpl);
        TopicSubscriptions topics = new TopicSubscriptions(options.topicAccess(), options.topics().maxPerSocket());
        TypingTracker typing = new TypingTracker(timer, options.typingTimeout(), announcements, presence);
        this.conversations = new ConversationRooms(options.access(), options.maxConversationsPerSocket(), presence,
                announcements, typing);
        this.dispatcher = new Dispatcher<>(new BuiltInEvents(conversations, typing, topics, expiry), mapper, encoder,
                name -> {
                    stats.eventIn();
                    counts.eventIn(name);
                }, counts::ack);
        this.userRateLimits = new UserRateLimits(options.userRateLimit(), MAX_USER_BUCKETS);
        timer.scheduleWithFixedDelay(userRateLimits::sweep, 10, 10, TimeUnit.SECONDS);
        namespaces.put("/", new NamespaceImpl("/", binding));
        LocalDelivery delivery = new LocalDelivery(this, stats::eventsOut, sessions != null);
        this.sessionStore = sessions;
        this.recovery = sessions == null ? null : new Recovery(sessions, bus, delivery, conversations, topics, timer,
                callbackPool);
        bus.start(delivery);
        timer.scheduleAtFixedRate(stats::sample, 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public MessageSink onOpen(EngineSession session) {
        return new SioConnection(session, this);
    }

    /** The namespace, created on first use when {@code create}. */
    public SyncNamespace namespace(String name, boolean create) {
        if (!create) {
            return namespaces.get(name);
        }
        if (name == null || !name.startsWith("/")) {
            throw new IllegalArgumentException("a namespace name starts with '/': " + name);
        }
        return namespaces.computeIfAbsent(name, n -> new NamespaceImpl(n, binding));
    }

    /** An emitter with no target yet, for a namespace. */
    public SyncEmitter emitter(String namespace) {
        if (!namespaces.containsKey(namespace)) {
            throw new IllegalArgumentException("no namespace " + namespace);
        }
        return emitterImpl(namespace);
    }

    /** What the cluster tells when a dead node's users must be announced gone. */
    public NodeLossListener nodeLoss() {
        return announcements;
    }

    /** Users online in a conversation of the main namespace, on every node. */
    public CompletionStage<Set<String>> presence(String conversationId) {
        return conversations.online("/", conversationId);
    }

    /**
     * Removes a user from a conversation or topic room on all their sockets, on every node: the
     * revocation takes the bus like any broadcast, so each node applies it to its own sockets in bus
     * order.
     *
     * @return how many of the user's sockets are in the room on this node
     */
    public int revoke(String userId, String room) {
        int inRoom = 0;
        for (SocketImpl socket : namespaces.get("/").rooms().members(room)) {
            if (socket.principal().userId().equals(userId)) {
                inRoom++;
            }
        }
        bus.publish(Broadcast.leave("/", userId, room));
        return inRoom;
    }

    /** A snapshot of this node's activity, with the transport's figures. */
    public SyncStats stats(EngineStats engine) {
        double[] rates = stats.rates();
        return new SyncStats(stats.connectedSockets(), stats.connectedUsers(),
                namespaces.get("/").rooms().count(RoomNames.CONVERSATION_PREFIX),
                rates[0], rates[1], stats.eventsIn(), stats.eventsOut(), stats.refusedHandshakes(),
                engine.openSessions(), engine.bufferedBytes(), engine.slowConsumerDisconnects(), bus.connected(),
                stats.rateLimitedPackets(), stats.rateLimitDisconnects(), stats.limitRefusals(engine.refusals()),
                stats.recoveredSessions(), stats.unrecoveredSessions(), bus.retainedEvents(), bus.retainedBytes(),
                sessionStore == null ? 0 : sessionStore.size());
    }

    @Override
    public Collection<? extends Recipient> members(String namespace, String room) {
        NamespaceImpl ns = namespaces.get(namespace);
        return ns == null ? List.of() : ns.rooms().members(room);
    }

    @Override
    public Collection<? extends Recipient> all(String namespace) {
        NamespaceImpl ns = namespaces.get(namespace);
        return ns == null ? List.of() : ns.sockets();
    }

    /** Sends the changes waiting in coalescing windows now; later changes go out one by one. */
    public void closeTopicBatches() {
        batcher.close();
    }

    private EmitterImpl emitterImpl(String namespace) {
        return new EmitterImpl(encoder, bus::publish, namespace, batcher);
    }

    NamespaceImpl namespace(String name) {
        return namespaces.get(name);
    }

    RateLimiter newRateLimiter() {
        return new RateLimiter(options.rateLimit(), options.eventRateLimits(), options.rateLimitOffences());
    }

    /** The limit of one session's CONNECT packets (no user is known before one succeeds). */
    RateLimiter newConnectRateLimiter() {
        return new RateLimiter(CONNECT_RATE_LIMIT, Map.of(), options.rateLimitOffences());
    }

    UserRateLimits userRateLimits() {
        return userRateLimits;
    }

    String newSocketId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Client events accepted and not yet handled (their handlers running or queued): a graceful
     * shutdown waits for none to be left.
     */
    public long eventsInFlight() {
        return stats.eventsInFlight();
    }

    /**
     * Logs what was refused since the last call (CONNECTs, and the limits of this layer and of the
     * transport, by code): for the server's timer, once a minute.
     */
    public void summarizeRefusals(EngineStats engine) {
        Map<String, Long> totals = new java.util.TreeMap<>(stats.limitRefusals(engine.refusals()));
        totals.merge("connect", stats.refusedConnects(), Long::sum);
        refusalSummary.log(totals);
    }

    /** Sockets connected now; a shutting-down server waits for their disconnects to be handled. */
    public long connectedSockets() {
        return stats.connectedSockets();
    }

    /** A private session id for recovery: 128 random bits, unguessable, never logged. */
    String newPid() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Connection state recovery, or null when it is off. */
    Recovery recovery() {
        return recovery;
    }

    SessionStore sessionStore() {
        return sessionStore;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    SioParser parser() {
        return parser;
    }

    SioEncoder encoder() {
        return encoder;
    }

    ExecutorService callbackPool() {
        return callbackPool;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    SessionExpiry expiry() {
        return expiry;
    }

    ConversationRooms conversations() {
        return conversations;
    }

    Dispatcher<SocketImpl> dispatcher() {
        return dispatcher;
    }

    Stats counters() {
        return stats;
    }

    /** The counts kept for meters (by event name, by code). */
    public Counts meterCounts() {
        return counts;
    }

    long connectTimeoutMs() {
        return options.connectTimeoutMs();
    }

    SyncConfig.Limits limits() {
        return options.limits();
    }

    int maxPayloadBytes() {
        return options.maxPayloadBytes();
    }
}
