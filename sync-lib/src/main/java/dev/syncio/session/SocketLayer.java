package dev.syncio.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.ConversationAccess;
import dev.syncio.RateLimit;
import dev.syncio.SyncEmitter;
import dev.syncio.SyncNamespace;
import dev.syncio.SyncStats;
import dev.syncio.auth.TokenVerifier;
import dev.syncio.protocol.SioEncoder;
import dev.syncio.protocol.SioParser;
import dev.syncio.transport.EngineListener;
import dev.syncio.transport.EngineStats;
import dev.syncio.transport.EngineSession;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Socket.IO layer of one server: namespaces, sockets, dispatch, conversations and emit.
 * Internal: host code reaches it through {@code SyncServer}.
 */
public final class SocketLayer implements EngineListener {

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
     */
    public record Options(TokenVerifier verifier, boolean queryToken, long connectTimeoutMs, ConversationAccess access,
                          Duration typingTimeout, RateLimit rateLimit, Map<String, RateLimit> eventRateLimits,
                          int maxConversationsPerSocket) {
    }

    private final ObjectMapper mapper;
    private final SioParser parser;
    private final SioEncoder encoder;
    private final TypedBinding binding;
    private final ExecutorService callbackPool;
    private final ScheduledExecutorService timer;
    private final Options options;
    private final Authenticator authenticator;
    private final Dispatcher dispatcher;
    private final SessionExpiry expiry = new SessionExpiry(this);
    private final ConversationRooms conversations;
    private final TypingTracker typing;
    private final Stats stats = new Stats();
    private final ConcurrentMap<String, NamespaceImpl> namespaces = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public SocketLayer(ObjectMapper mapper, ExecutorService callbackPool, ScheduledExecutorService timer, Options options) {
        this.mapper = mapper;
        this.parser = new SioParser(mapper);
        this.encoder = new SioEncoder(mapper);
        this.binding = new TypedBinding(mapper);
        this.callbackPool = callbackPool;
        this.timer = timer;
        this.options = options;
        this.authenticator = new Authenticator(options.verifier(), options.queryToken());
        this.dispatcher = new Dispatcher(this);
        this.conversations = new ConversationRooms(this, options.access(), options.maxConversationsPerSocket());
        this.typing = new TypingTracker(this, options.typingTimeout());
        namespaces.put("/", new NamespaceImpl("/", binding));
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
        NamespaceImpl ns = namespaces.get(namespace);
        if (ns == null) {
            throw new IllegalArgumentException("no namespace " + namespace);
        }
        return emitter(ns);
    }

    /** Users online in a conversation of the main namespace, on this node. */
    public Set<String> presence(String conversationId) {
        return conversations.online(conversationId);
    }

    /** Removes a user from a conversation on all their sockets of this node; returns how many sockets left. */
    public int revoke(String userId, String conversationId) {
        return conversations.revoke(namespaces.get("/"), userId, conversationId);
    }

    /** A snapshot of this node's activity, with the transport's figures. */
    public SyncStats stats(EngineStats engine) {
        double[] rates = stats.rates();
        return new SyncStats(stats.connectedSockets(), stats.connectedUsers(), conversations.conversationsWithMembers(),
                rates[0], rates[1], stats.eventsIn(), stats.eventsOut(), stats.refusedHandshakes(),
                engine.openSessions(), engine.bufferedBytes(), engine.slowConsumerDisconnects());
    }

    EmitterImpl emitter(NamespaceImpl namespace) {
        return new EmitterImpl(this, namespace);
    }

    NamespaceImpl namespace(String name) {
        return namespaces.get(name);
    }

    RateLimiter newRateLimiter() {
        return new RateLimiter(options.rateLimit(), options.eventRateLimits());
    }

    String newSocketId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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

    TypingTracker typing() {
        return typing;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    Stats counters() {
        return stats;
    }

    long connectTimeoutMs() {
        return options.connectTimeoutMs();
    }
}
