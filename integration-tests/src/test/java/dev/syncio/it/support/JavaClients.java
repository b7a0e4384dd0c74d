package dev.syncio.it.support;

import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.client.SocketOptionBuilder;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Real Java Socket.IO clients (io.socket:socket.io-client 2.x) sharing one OkHttp client, all
 * disconnected and released by {@link #close()}.
 */
public final class JavaClients implements AutoCloseable {

    private final OkHttpClient http = newHttpClient();

    /**
     * OkHttp allows 5 calls per host by default, and an OkHttp 3 WebSocket holds its call for its
     * whole life: without raising the limits only five sockets could be open at once.
     */
    private static OkHttpClient newHttpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(2000);
        dispatcher.setMaxRequestsPerHost(2000);
        return new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(1, TimeUnit.MINUTES).build();
    }
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** A new, not yet connected socket: no reconnection, no multiplexing, unless customised. */
    public Socket socket(String url, Consumer<SocketOptionBuilder> customise) {
        return track(IO.socket(URI.create(url), options(customise)));
    }

    /** The options {@link #socket} builds a socket with, for a socket built elsewhere (then {@link #track} it). */
    public IO.Options options(Consumer<SocketOptionBuilder> customise) {
        SocketOptionBuilder builder = IO.Options.builder().setForceNew(true).setReconnection(false).setTimeout(5000);
        customise.accept(builder);
        IO.Options options = builder.build();
        options.callFactory = http;
        options.webSocketFactory = http;
        return options;
    }

    /** Lets {@link #close()} disconnect and close this socket too. */
    public Socket track(Socket socket) {
        sockets.add(socket);
        return socket;
    }

    /** Connects and waits for the CONNECT (fails on CONNECT_ERROR or after 5 s). */
    public Socket connect(String url, Consumer<SocketOptionBuilder> customise) {
        Socket socket = socket(url, customise);
        awaitConnect(socket);
        return socket;
    }

    /** Connects with the given transports only, e.g. {@code "websocket"} or {@code "polling"}. */
    public Socket connect(String url, String... transports) {
        return connect(url, b -> {
            if (transports.length > 0) {
                b.setTransports(transports);
            }
        });
    }

    /** Opens the socket and waits for the outcome of its handshake. */
    public static void awaitConnect(Socket socket) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> outcome.complete(null));
        socket.once(Socket.EVENT_CONNECT_ERROR, args ->
                outcome.completeExceptionally(new AssertionError("connect_error: " + (args.length > 0 ? args[0] : "?"))));
        socket.connect();
        try {
            outcome.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket did not connect: " + e, e);
        }
    }

    /** Records every occurrence of {@code event} (its arguments) from now on. */
    public static BlockingQueue<Object[]> record(Socket socket, String event) {
        BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
        socket.on(event, queue::add);
        return queue;
    }

    /** Takes the next recorded event or fails after 5 s. */
    public static Object[] next(BlockingQueue<Object[]> queue) {
        try {
            Object[] args = queue.poll(5, TimeUnit.SECONDS);
            if (args == null) {
                throw new AssertionError("event did not arrive within 5 s");
            }
            return args;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The next recorded event whose single JSON object argument has {@code userId}, skipping others
     * (in a cluster a user's own presence event may arrive after the ack of their join); fails
     * when none arrives within {@code seconds}.
     */
    public static org.json.JSONObject nextAbout(BlockingQueue<Object[]> queue, String userId, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Object[] args = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (args == null) {
                    throw new AssertionError("no event about " + userId + " within " + seconds + " s");
                }
                org.json.JSONObject json = EventArgs.payload(args);
                if (userId.equals(json.opt("userId"))) {
                    return json;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            socket.disconnect();
            socket.close();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
