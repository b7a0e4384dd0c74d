package dev.syncio.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Binds the port and runs syncio's Engine.IO v4 server on Netty: one accept thread and one event
 * loop per core (by default), whatever the number of connections. Internal: not part of syncio's API.
 */
public final class EngineServer {

    private final EngineOptions options;
    private final Sessions sessions = new Sessions();
    private final EngineContext context;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private volatile String transport = "none";

    public EngineServer(EngineOptions options, EngineListener listener) {
        this.options = options;
        this.context = new EngineContext(options, sessions, listener);
    }

    /** Binds and starts serving; throws when the port cannot be bound. */
    public void start() {
        int threads = options.workerThreads() > 0 ? options.workerThreads() : NettyRuntime.availableProcessors();
        IoTransport io = IoTransport.choose(options.nativeTransport());
        transport = io.name();
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("syncio-accept", true), io.handlers());
        workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("syncio-io", true), io.handlers());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(io.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new EngineChannelInitializer(options, new RequestRouter(context)));
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

    /** The I/O transport in use: {@code epoll} or {@code nio}. */
    public String transport() {
        return transport;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Sessions, buffered bytes and slow-consumer closes, now. */
    public EngineStats stats() {
        return sessions.stats();
    }

    /** Sessions on WebSocket now (the other open sessions poll): counted over the sessions, for a scrape. */
    public long webSocketSessions() {
        long count = 0;
        for (EngineSession session : sessions.all()) {
            if (session.isWebSocket()) {
                count++;
            }
        }
        return count;
    }

    /**
     * Stops accepting, closes every session (clients see a transport close and reconnect
     * elsewhere or later), and releases the port and threads.
     */
    public void close() {
        stopAccepting();
        closeSessions();
        shutdownGroups();
    }

    /**
     * The first step of a graceful shutdown: the port is closed and handshakes still arriving on
     * open HTTP connections are refused (503); open sessions go on as before.
     */
    public void stopAccepting() {
        sessions.drain();
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /** Closes every open session with reason {@code server shutting down}: clients reconnect (elsewhere). */
    public void closeSessions() {
        List<EngineSession> open = List.copyOf(sessions.all());
        CountDownLatch closed = new CountDownLatch(open.size());
        for (EngineSession session : open) {
            session.execute(() -> {
                try {
                    session.close("server shutting down");
                } finally {
                    closed.countDown();
                }
            });
        }
        try {
            closed.await(5, TimeUnit.SECONDS); // the close tasks are queued; wait for them, not for clients
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last step: the event loops stop. */
    public void shutdown() {
        shutdownGroups();
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
