package dev.syncio.it.bench.load;

import dev.syncio.it.bench.measure.EventLoopProbe;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load generator's connections: a Netty client on a small {@link NioEventLoopGroup} (no thread
 * per connection) speaking Engine.IO v4 over WebSocket directly
 * ({@code /socket.io/?EIO=4&transport=websocket}), to a server on 127.0.0.1 only.
 */
public final class LoadGroup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadGroup.class);
    /** How long one client may take from TCP connect to the join ack before it counts as an error. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private final EventLoopGroup loops;
    private final Bootstrap bootstrap;
    private final int[] ports;
    private final EventLoopProbe probe;
    private final List<LoadClient> clients = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong unexpectedCloses = new AtomicLong();
    private volatile DeliverySink sink = DeliverySink.IGNORE;
    /** Set by {@link #close()}: a connect still under way (one that timed out) opens no more clients. */
    private volatile boolean closed;

    /** A generator for the server on {@code 127.0.0.1:port}, with {@code threads} event loops. */
    public LoadGroup(int port, int threads) {
        this(new int[] {port}, threads);
    }

    /**
     * A generator for the nodes of a cluster on 127.0.0.1: client {@code i} connects to
     * {@code ports[i % ports.length]}.
     */
    public LoadGroup(int[] ports, int threads) {
        this.loops = new NioEventLoopGroup(threads, new DefaultThreadFactory("load", true));
        this.ports = ports.clone();
        this.probe = new EventLoopProbe(loops);
        this.bootstrap = new Bootstrap()
                .group(loops)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CLIENT_TIMEOUT.toMillis());
    }

    /** Lateness of the generator's own event loops: if it is high, the client limits the figures. */
    public EventLoopProbe probe() {
        return probe;
    }

    /** Where {@code message:new} deliveries go from now on. */
    public void sink(DeliverySink sink) {
        this.sink = sink;
    }

    DeliverySink sink() {
        return sink;
    }

    void unexpectedClose(LoadClient client) {
        unexpectedCloses.incrementAndGet();
    }

    /** Connections the server (or the network) closed while the generator still wanted them. */
    public long unexpectedCloses() {
        return unexpectedCloses.get();
    }

    /** Every client opened so far (successful or not). */
    public List<LoadClient> clients() {
        synchronized (clients) {
            return List.copyOf(clients);
        }
    }

    /**
     * Opens {@code count} clients with at most {@code inFlight} handshakes at a time. Client
     * {@code i} authenticates with {@code tokens.apply(i)} and joins {@code conversations.apply(i)}
     * (none when it returns {@code null}). Completes when every client is ready or has failed; the
     * result says which.
     */
    public CompletableFuture<ConnectResult> connect(int count, int inFlight, IntFunction<String> tokens,
                                                    IntFunction<String> conversations) {
        CompletableFuture<ConnectResult> done = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        Runnable[] launchNext = new Runnable[1];
        launchNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count || closed) {
                return;
            }
            LoadClient client = open(i, tokens.apply(i), conversations.apply(i));
            client.ready().orTimeout(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    if (firstErrors.size() < 5) {
                        firstErrors.add(String.valueOf(error.getCause() != null ? error.getCause().getMessage() : error));
                    }
                    client.close();
                }
                if (finished.incrementAndGet() == count) {
                    done.complete(new ConnectResult(count, count - failed.get(), failed.get(),
                            System.nanoTime() - start, List.copyOf(firstErrors)));
                } else {
                    launchNext[0].run();
                }
            });
        };
        if (count == 0) {
            done.complete(new ConnectResult(0, 0, 0, 0, List.of()));
        }
        for (int i = 0; i < Math.min(inFlight, count); i++) {
            launchNext[0].run();
        }
        return done;
    }

    private LoadClient open(int index, String token, String conversationId) {
        LoadClient client = new LoadClient(index, token, conversationId, this);
        clients.add(client);
        int port = ports[index % ports.length];
        URI uri = URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket");
        Bootstrap b = bootstrap.clone().remoteAddress("127.0.0.1", port).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                        .webSocketUri(uri)
                        .version(WebSocketVersion.V13)
                        .customHeaders(new DefaultHttpHeaders())
                        .maxFramePayloadLength(1 << 20)
                        // like a server-side client, not a browser: syncio refuses unlisted browser origins
                        .generateOriginHeader(false)
                        .handshakeTimeoutMillis(CLIENT_TIMEOUT.toMillis())
                        .build();
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                        new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20), client);
            }
        });
        ChannelFuture connect = b.connect();
        client.attach(connect.channel());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                client.fail("connect failed: " + f.cause());
            }
        });
        return client;
    }

    /** Closes every client and waits (bounded) until their channels are closed. */
    public void closeClients() {
        List<LoadClient> all = clients();
        for (LoadClient client : all) {
            client.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (LoadClient client : all) {
            Channel ch = client.channel();
            if (ch != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !ch.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                    log.warn("clients still closing after 20 s");
                    break;
                }
            }
        }
        clients.clear();
    }

    @Override
    public void close() {
        closed = true;
        closeClients();
        probe.close();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /**
     * @param requested   clients asked for
     * @param connected   clients connected and joined
     * @param failed      clients refused, closed or timed out
     * @param elapsedNanos from the first connect to the last client ready or failed
     * @param firstErrors up to five failure reasons
     */
    public record ConnectResult(int requested, int connected, int failed, long elapsedNanos, List<String> firstErrors) {
    }
}
