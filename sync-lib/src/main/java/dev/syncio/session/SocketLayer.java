package dev.syncio.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.SyncEmitter;
import dev.syncio.SyncNamespace;
import dev.syncio.auth.TokenVerifier;
import dev.syncio.protocol.SioEncoder;
import dev.syncio.protocol.SioParser;
import dev.syncio.transport.EngineListener;
import dev.syncio.transport.EngineSession;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Socket.IO layer of one server: namespaces, sockets, dispatch and emit. Internal: host code
 * reaches it through {@code SyncServer}.
 */
public final class SocketLayer implements EngineListener {

    private final ObjectMapper mapper;
    private final SioParser parser;
    private final SioEncoder encoder;
    private final ExecutorService callbackPool;
    private final ScheduledExecutorService timer;
    private final Authenticator authenticator;
    private final long connectTimeoutMs;
    private final Dispatcher dispatcher = new Dispatcher(this);
    private final SessionExpiry expiry = new SessionExpiry(this);
    private final Stats stats = new Stats();
    private final ConcurrentMap<String, NamespaceImpl> namespaces = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param verifier token verifier, or null for anonymous connections
     */
    public SocketLayer(ObjectMapper mapper, ExecutorService callbackPool, ScheduledExecutorService timer,
                       TokenVerifier verifier, boolean queryToken, long connectTimeoutMs) {
        this.mapper = mapper;
        this.parser = new SioParser(mapper);
        this.encoder = new SioEncoder(mapper);
        this.callbackPool = callbackPool;
        this.timer = timer;
        this.authenticator = new Authenticator(verifier, queryToken);
        this.connectTimeoutMs = connectTimeoutMs;
        namespaces.put("/", new NamespaceImpl("/"));
    }

    @Override
    public MessageSink onOpen(EngineSession session) {
        return new SioConnection(session, this);
    }

    /** The namespace, created on first use. */
    public SyncNamespace namespace(String name, boolean create) {
        if (!create) {
            return namespaces.get(name);
        }
        if (name == null || !name.startsWith("/")) {
            throw new IllegalArgumentException("a namespace name starts with '/': " + name);
        }
        return namespaces.computeIfAbsent(name, NamespaceImpl::new);
    }

    /** An emitter with no target yet, for a namespace. */
    public SyncEmitter emitter(String namespace) {
        NamespaceImpl ns = namespaces.get(namespace);
        if (ns == null) {
            throw new IllegalArgumentException("no namespace " + namespace);
        }
        return new EmitterImpl(this, ns);
    }

    /** Sockets connected to all namespaces on this node. */
    public long connectedSockets() {
        return stats.connectedSockets();
    }

    /** Handshakes refused since start. */
    public long refusedHandshakes() {
        return stats.refusedHandshakes();
    }

    NamespaceImpl namespace(String name) {
        return namespaces.get(name);
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

    Dispatcher dispatcher() {
        return dispatcher;
    }

    Stats stats() {
        return stats;
    }

    long connectTimeoutMs() {
        return connectTimeoutMs;
    }
}
