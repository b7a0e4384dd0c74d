package dev.syncio.it.client;

import static dev.syncio.it.support.JavaClients.next;
import static dev.syncio.it.support.JavaClients.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.EchoServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client reconnects on its own after the server restarts on the same port. */
class ReconnectionTest {

    @Test
    void clientReconnectsAfterServerRestartOnSamePort() throws Exception {
        EchoServer first = EchoServer.start();
        int port = first.port();
        try (JavaClients clients = new JavaClients()) {
            Socket socket = clients.socket(first.url(), b -> b.setReconnection(true)
                    .setReconnectionDelay(100).setReconnectionDelayMax(200).setTransports(new String[] {"websocket"}));
            var connects = record(socket, Socket.EVENT_CONNECT);
            var disconnects = record(socket, Socket.EVENT_DISCONNECT);
            socket.connect();
            next(connects);

            first.close();
            // the server drops the connection: the Java client reports a transport error or close
            assertTrue(Set.of("transport close", "transport error").contains((String) next(disconnects)[0]));

            try (EchoServer second = EchoServer.start(port, b -> { })) {
                assertEquals(port, second.port());
                next(connects);
                CompletableFuture<Object[]> acked = new CompletableFuture<>();
                socket.emit("echo", new Object[] {"after restart"}, acked::complete);
                assertEquals("after restart", acked.get(5, TimeUnit.SECONDS)[0]);
            }
        }
    }
}
