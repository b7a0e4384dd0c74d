package dev.syncio.transport;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Binds the port and runs the Engine.IO layer. Internal: not part of syncio's API.
 *
 * <p>netty-socketio's {@code SocketIOServer} is not used: it cannot report the port it bound
 * (port 0), and its shutdown waits Netty's default two-second quiet period.
 */
public final class EngineServer {

    private final EngineOptions options;
    private final Sessions sessions = new Sessions();
    private final PreciseScheduler scheduler = new PreciseScheduler();
    private final SyncChannelInitializer initializer;
    private final Configuration configuration;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public EngineServer(EngineOptions options, EngineListener listener) {
        this.options = options;
        this.configuration = configuration(options);
        this.initializer = new SyncChannelInitializer(options, sessions, listener, scheduler);
    }

    private static Configuration configuration(EngineOptions o) {
        Configuration c = new Configuration();
        c.setContext(o.path());
        c.setPingInterval(o.pingIntervalMs());
        c.setPingTimeout(o.pingTimeoutMs());
        c.setMaxHttpContentLength(o.maxPayload());
        c.setMaxFramePayloadLength(o.maxPayload());
        c.setRandomSession(true);
        c.setEnableCors(false);
        c.setAddVersionHeader(false);
        List<Transport> transports = new ArrayList<>();
        if (o.websocket()) {
            transports.add(Transport.WEBSOCKET);
        }
        if (o.polling()) {
            transports.add(Transport.POLLING);
        }
        c.setTransports(transports.toArray(new Transport[0]));
        SocketConfig socket = new SocketConfig();
        socket.setReuseAddress(true);
        socket.setTcpNoDelay(true);
        c.setSocketConfig(socket);
        return c;
    }

    /** Binds and starts serving; throws when the port cannot be bound. */
    public void start() {
        NamespacesHub namespaces = new NamespacesHub(configuration);
        // netty-socketio binds every transport to its default namespace; syncio's own namespaces
        // live in the Socket.IO layer, this one only keeps netty-socketio's session bookkeeping whole
        namespaces.create(Namespace.DEFAULT_NAME);
        initializer.start(configuration, namespaces);
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("syncio-accept", true));
        workers = new NioEventLoopGroup(options.workerThreads(), new DefaultThreadFactory("syncio-io", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer);
        InetSocketAddress address = options.host() == null
                ? new InetSocketAddress(options.port())
                : new InetSocketAddress(options.host(), options.port());
        try {
            serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows BindException unchecked-style
            shutdownGroups();
            throw new IllegalStateException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Sessions, buffered bytes and slow-consumer closes, now. */
    public EngineStats stats() {
        return new EngineStats(sessions.size(), 0, 0);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }


    /**
     * Stops accepting, closes every session (clients see a transport close and reconnect
     * elsewhere or later), and releases the port and threads.
     */
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        for (EngineSession session : List.copyOf(sessions.all())) {
            session.close("server shutting down");
        }
        shutdownGroups();
        initializer.stop();
        scheduler.shutdown();
    }

    private void shutdownGroups() {
        if (workers != null) {
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
