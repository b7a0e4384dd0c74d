package dev.syncio.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.EchoServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stress over the polling-to-WebSocket switch: acks sent while sessions upgrade all arrive, each
 * exactly for its event. It guards the moment the upgrade completes: what was queued on polling
 * during the switch must go out on the WebSocket at once (EngineSession drains its queue there),
 * not wait for the next heartbeat. The window is narrow; the test does not hit it on every run.
 */
class UpgradeRaceTest {

    private static final int CLIENTS = 20;
    private static final int EVENTS = 30;

    @Test
    void everyAckSentDuringTheUpgradeArrivesPromptly() throws Exception {
        try (EchoServer server = EchoServer.start(); JavaClients clients = new JavaClients()) {
            CountDownLatch acks = new CountDownLatch(CLIENTS * EVENTS);
            AtomicInteger wrong = new AtomicInteger();
            List<Socket> sockets = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Socket socket = clients.socket(server.url(), b -> { }); // polling first, then upgrade
                socket.on(Socket.EVENT_CONNECT, args -> {
                    // fired right after CONNECT, i.e. while the upgrade probe is under way
                    for (int i = 0; i < EVENTS; i++) {
                        int n = i;
                        socket.emit("echo", new Object[] {n}, ack -> {
                            if (!Integer.valueOf(n).equals(ack[0])) {
                                wrong.incrementAndGet();
                            }
                            acks.countDown();
                        });
                    }
                });
                sockets.add(socket);
            }
            sockets.forEach(Socket::connect);
            assertTrue(acks.await(10, TimeUnit.SECONDS), acks.getCount() + " acks still missing after 10 s");
            assertEquals(0, wrong.get());
        }
    }
}
