package dev.syncio.demo;

import dev.syncio.SyncServer;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smallest useful embedding of syncio: a server on {@code SYNC_PORT} (default 9092) that
 * relays every {@code chat} event to every connected client. The full messaging service (REST,
 * storage, login, web page) grows from here.
 */
public final class DemoApp {

    private static final Logger log = LoggerFactory.getLogger(DemoApp.class);

    private DemoApp() {
    }

    /** Builds the demo server (not started) listening on {@code port}. */
    public static SyncServer create(int port, String... allowedOrigins) {
        SyncServer server = SyncServer.builder()
                .port(port)
                .allowedOrigins(allowedOrigins)
                .allowAnonymous() // demo only: the messaging service issue adds login + JWT
                .build();
        server.on("chat", event -> {
            server.emitter().toAll().emit("chat", event.args().isEmpty() ? null : event.args().get(0));
            event.ack(java.util.Map.of("ok", true));
        });
        return server;
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("SYNC_PORT", "9092"));
        SyncServer server = create(port, "http://localhost:8080", "http://127.0.0.1:8080").start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "demo-shutdown"));
        log.info("demo ready: connect a Socket.IO client to http://localhost:{} and emit 'chat'", server.port());
        stopped.await();
    }
}
