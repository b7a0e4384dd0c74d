package dev.syncio.it.conformance;

import dev.syncio.SyncNamespace;
import dev.syncio.SyncServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The server the official compliance suites (socketio/engine.io-protocol and
 * socketio/socket.io-protocol, folder {@code test-suite/}) expect: port 3000, pingInterval 300,
 * pingTimeout 200, maxPayload 1000000, connectTimeout 1000, namespaces {@code /} and
 * {@code /custom} that emit {@code auth} with the CONNECT payload, echo {@code message} as
 * {@code message-back} and ack {@code message-with-ack} with its arguments, plus a raw Engine.IO
 * echo at {@code /engine.io/}. Run it with {@code integration-tests/conformance-server.sh [PORT]}.
 */
public final class ConformanceServer {

    private ConformanceServer() {
    }

    /** Builds (does not start) the conformance server on {@code port}. */
    public static SyncServer create(int port) {
        SyncServer server = SyncServer.builder()
                .port(port)
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200))
                .connectTimeout(Duration.ofMillis(1000))
                .maxPayloadBytes(1_000_000)
                .allowAnonymous()
                .engineIoEcho("/engine.io/")
                .build();
        for (SyncNamespace namespace : List.of(server, server.namespace("/custom"))) {
            namespace.onConnect(socket -> socket.emit("auth", socket.handshakeAuth()));
            namespace.on("message", event -> event.socket().emit("message-back", event.args().toArray()));
            namespace.on("message-with-ack", event -> event.ack(event.args().toArray()));
        }
        return server;
    }

    /** Starts the server in the foreground; Ctrl-C (SIGINT/SIGTERM) stops it cleanly. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        SyncServer server = create(port).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "conformance-shutdown"));
        System.out.println("ConformanceServer listening on http://localhost:" + server.port());
        stopped.await();
    }
}
