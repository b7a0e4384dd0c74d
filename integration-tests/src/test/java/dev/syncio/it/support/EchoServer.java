package dev.syncio.it.support;

import dev.syncio.SyncServer;
import dev.syncio.SyncSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A real syncio server on a free port for client tests. Events:
 * <ul>
 *   <li>{@code echo ...args}: acked with the same args when an ack is asked, else emitted back as {@code echo};</li>
 *   <li>{@code broadcast ...args}: emitted as {@code broadcast} to every socket;</li>
 *   <li>{@code ask [payload, timeoutMs]}: the server emits {@code question(payload)} with an ack
 *       and then {@code answer(...ackArgs)} or, on timeout, {@code answer-timeout(timeoutMs)}.</li>
 * </ul>
 * Connected and disconnected sockets are recorded for assertions.
 */
public final class EchoServer implements AutoCloseable {

    private final SyncServer server;
    /** Ids of sockets as they connect. */
    public final BlockingQueue<SyncSocket> connected = new LinkedBlockingQueue<>();
    /** Disconnect reasons as they happen. */
    public final BlockingQueue<String> disconnected = new LinkedBlockingQueue<>();

    private EchoServer(SyncServer server) {
        this.server = server;
    }

    /** Starts an echo server on a free port. */
    public static EchoServer start() {
        return start(0, b -> { });
    }

    /** Starts an echo server on {@code port} (0 for a free one) after customising its builder. */
    public static EchoServer start(int port, Consumer<SyncServer.Builder> customise) {
        SyncServer.Builder builder = LocalServer.anonymous().port(port);
        customise.accept(builder);
        SyncServer server = builder.build();
        EchoServer echo = new EchoServer(server);
        server.onConnect(echo.connected::add);
        server.onDisconnect((socket, reason) -> echo.disconnected.add(reason));
        server.on("echo", e -> {
            if (e.ackRequested()) {
                e.ack(e.args().toArray());
            } else {
                e.socket().emit("echo", e.args().toArray());
            }
        });
        server.on("broadcast", e -> server.emitter().toAll().emit("broadcast", e.args().toArray()));
        server.on("ask", e -> {
            Object payload = e.args().get(0);
            long timeoutMs = ((Number) e.args().get(1)).longValue();
            SyncSocket socket = e.socket();
            socket.emitWithAck("question", Duration.ofMillis(timeoutMs), payload).whenComplete((args, error) -> {
                if (error != null) {
                    socket.emit("answer-timeout", timeoutMs);
                } else {
                    socket.emit("answer", args.toArray());
                }
            });
        });
        server.start();
        return echo;
    }

    public SyncServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Socket ids seen so far. */
    public List<SyncSocket> connectedSoFar() {
        return List.copyOf(connected);
    }

    @Override
    public void close() {
        server.close();
    }
}
