package dev.syncio.it.client;

import static dev.syncio.it.support.JavaClients.next;
import static dev.syncio.it.support.JavaClients.record;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.SyncSocket;
import dev.syncio.SyncTransport;
import dev.syncio.it.support.EchoServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java client over each transport mode: WebSocket only, polling only, polling then upgrade. */
class JavaClientTransportTest {

    private EchoServer server;
    private JavaClients clients;

    @BeforeEach
    void start() {
        server = EchoServer.start();
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        server.close();
    }

    @Test
    void connectsAndEchoesOverWebSocketOnly() throws Exception {
        Socket socket = clients.connect(server.url(), "websocket");
        assertEchoes(socket);
        assertEquals(SyncTransport.WEBSOCKET, serverSide().transport());
    }

    @Test
    void connectsAndEchoesOverPollingOnly() throws Exception {
        Socket socket = clients.connect(server.url(), b -> b.setTransports(new String[] {"polling"}).setUpgrade(false));
        assertEchoes(socket);
        assertEquals(SyncTransport.POLLING, serverSide().transport());
    }

    @Test
    void startsOnPollingThenUpgradesToWebSocket() throws Exception {
        Socket socket = clients.connect(server.url(), b -> { });
        SyncSocket serverSocket = serverSide();
        await().atMost(Duration.ofSeconds(5)).until(() -> serverSocket.transport() == SyncTransport.WEBSOCKET);
        assertEchoes(socket);
    }

    private SyncSocket serverSide() throws InterruptedException {
        SyncSocket socket = server.connected.poll(5, TimeUnit.SECONDS);
        if (socket == null) {
            throw new AssertionError("server saw no connection");
        }
        return socket;
    }

    /** An ack'ed echo returns the same arguments, and an un-ack'ed one comes back as an event. */
    private static void assertEchoes(Socket socket) throws Exception {
        CompletableFuture<Object[]> acked = new CompletableFuture<>();
        socket.emit("echo", new Object[] {new JSONObject().put("a", 1), "x"}, acked::complete);
        Object[] ack = acked.get(5, TimeUnit.SECONDS);
        assertEquals(1, ((JSONObject) ack[0]).getInt("a"));
        assertEquals("x", ack[1]);

        var echoes = record(socket, "echo");
        socket.emit("echo", "plain", 42);
        Object[] echo = next(echoes);
        assertEquals("plain", echo[0]);
        assertEquals(42, echo[1]);
    }
}
