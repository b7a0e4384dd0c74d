package dev.syncio.transport;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.ack.AckManager;
import com.corundumstudio.socketio.handler.AuthorizeHandler;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.handler.ClientsBox;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.corundumstudio.socketio.protocol.PacketDecoder;
import com.corundumstudio.socketio.store.StoreFactory;
import com.corundumstudio.socketio.transport.PollingTransport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslHandler;
import java.util.EnumSet;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Builds each connection's pipeline from netty-socketio's Engine.IO session layer (handshake,
 * polling and WebSocket binding, heartbeats, upgrade) and syncio's own handlers around it:
 * <pre>
 * [tls] http-decoder http-aggregator http-encoder polling-payload guard handshake session-hook
 *       polling websocket engine-encoder error-tail
 * </pre>
 */
final class SyncChannelInitializer extends SocketIOChannelInitializer {

    private final EngineOptions options;
    private final Sessions sessions;
    private final EngineListener listener;
    private final PreciseScheduler scheduler;

    private Configuration configuration;
    private ClientsBox clients;
    private AckManager ackManager;
    private AuthorizeHandler handshake;
    private PollingTransport polling;
    private SyncWebSocketTransport webSocket;
    private HttpGuard guard;
    private SessionOpenHook sessionHook;
    private PollingPayloadHandler pollingPayload;
    private EngineEncoder encoder;
    private ErrorTail errorTail;

    SyncChannelInitializer(EngineOptions options, Sessions sessions, EngineListener listener, PreciseScheduler scheduler) {
        this.options = options;
        this.sessions = sessions;
        this.listener = listener;
        this.scheduler = scheduler;
    }

    @Override
    public void start(Configuration configuration, NamespacesHub namespaces) {
        this.configuration = configuration;
        String connectPath = configuration.getContext() + "/";
        clients = new ClientsBox();
        ackManager = new AckManager(scheduler);
        StoreFactory stores = configuration.getStoreFactory();
        handshake = new AuthorizeHandler(connectPath, scheduler, configuration, namespaces, stores, this, ackManager, clients);
        stores.init(namespaces, handshake, configuration.getJsonSupport());
        EngineInbound inbound = new EngineInbound(sessions, scheduler);
        polling = new PollingTransport(new PacketDecoder(configuration.getJsonSupport(), ackManager), handshake, clients);
        webSocket = new SyncWebSocketTransport(options.sslContext() != null, handshake, configuration, scheduler,
                clients, sessions, inbound);
        Set<Transport> transports = EnumSet.noneOf(Transport.class);
        transports.addAll(configuration.getTransports());
        guard = new HttpGuard(connectPath, options.echoPath(), options.allowedOrigins(), transports, clients, sessions);
        sessionHook = new SessionOpenHook(sessions, listener);
        pollingPayload = new PollingPayloadHandler(inbound);
        encoder = new EngineEncoder(options.maxPayload(), sessions);
        errorTail = new ErrorTail();
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        SSLContext ssl = options.sslContext();
        if (ssl != null) {
            SSLEngine engine = ssl.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setEnabledProtocols(TlsProtocols.enabled(engine.getSupportedProtocols()));
            p.addLast(SSL_HANDLER, new SslHandler(engine));
        }
        p.addLast(HTTP_REQUEST_DECODER, new HttpRequestDecoder(configuration.getHttpDecoderConfig()));
        p.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(configuration.getMaxHttpContentLength()));
        p.addLast(HTTP_ENCODER, new HttpResponseEncoder());
        p.addLast("syncioPollingPayload", pollingPayload);
        p.addLast("syncioGuard", guard);
        p.addLast(AUTHORIZE_HANDLER, handshake);
        p.addLast("syncioSessionHook", sessionHook);
        p.addLast(XHR_POLLING_TRANSPORT, polling);
        p.addLast(WEB_SOCKET_TRANSPORT, webSocket);
        p.addLast(SOCKETIO_ENCODER, encoder);
        p.addLast("syncioErrorTail", errorTail);
    }

    /** Called by netty-socketio once a session has ended, whatever ended it. */
    @Override
    public void onDisconnect(ClientHead client) {
        ackManager.onDisconnect(client);
        handshake.onDisconnect(client);
        configuration.getStoreFactory().onDisconnect(client);
        EngineSession session = sessions.remove(client.getSessionId());
        if (session != null) {
            session.markClosed("transport close");
            Channel ws = session.webSocketChannel();
            if (ws != null && ws.isActive() && client.getCurrentTransport() != Transport.WEBSOCKET) {
                ws.close(); // an upgrade that never completed
            }
            session.sink().onClose(session.closeReason());
        }
    }

    @Override
    public void stop() {
        configuration.getStoreFactory().shutdown();
        stopInheritedScheduler();
    }

    /**
     * The superclass creates a timer of its own in a field initialiser, unused here because
     * {@link #start} builds everything itself; it must still be stopped or Netty reports a leaked
     * HashedWheelTimer per server. It is private, so it is reached reflectively (on the module
     * path without the package opened this fails and is only logged: the timer never started).
     */
    private void stopInheritedScheduler() {
        try {
            java.lang.reflect.Field field = SocketIOChannelInitializer.class.getDeclaredField("scheduler");
            field.setAccessible(true);
            ((com.corundumstudio.socketio.scheduler.CancelableScheduler) field.get(this)).shutdown();
        } catch (ReflectiveOperationException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SyncChannelInitializer.class)
                    .debug("could not stop netty-socketio's unused timer: {}", e.toString());
        }
    }
}
