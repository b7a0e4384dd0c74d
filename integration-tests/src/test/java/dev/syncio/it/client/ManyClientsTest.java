package dev.syncio.it.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.it.support.EchoServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A hundred clients connected at once, and a broadcast reaches each of them exactly once. */
class ManyClientsTest {

    private static final int CLIENTS = 100;

    @Test
    void hundredClientsConnectAndEachGetsABroadcastOnce() throws Exception {
        try (EchoServer server = EchoServer.start(); JavaClients clients = new JavaClients()) {
            List<Socket> sockets = new ArrayList<>();
            CountDownLatch connected = new CountDownLatch(CLIENTS);
            AtomicInteger received = new AtomicInteger();
            CountDownLatch allReceived = new CountDownLatch(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                Socket socket = clients.socket(server.url(), b -> b.setTransports(new String[] {"websocket"}));
                socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
                socket.on("broadcast", args -> {
                    received.incrementAndGet();
                    allReceived.countDown();
                });
                socket.connect();
                sockets.add(socket);
            }
            assertEquals(true, connected.await(20, TimeUnit.SECONDS), "all clients connected");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().connectedSockets() == CLIENTS);

            sockets.get(0).emit("broadcast", "hello all");
            assertEquals(true, allReceived.await(10, TimeUnit.SECONDS), "every client got the broadcast");
            // a duplicate would have to arrive after the latch opened; a second round proves none did
            CountDownLatch second = new CountDownLatch(CLIENTS);
            sockets.forEach(s -> s.on("broadcast", args -> second.countDown()));
            sockets.get(1).emit("broadcast", "again");
            assertEquals(true, second.await(10, TimeUnit.SECONDS));
            assertEquals(2 * CLIENTS, received.get());
        }
    }
}
