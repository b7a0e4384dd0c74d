package dev.syncio.it.client;

import static dev.syncio.it.support.JavaClients.next;
import static dev.syncio.it.support.JavaClients.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.it.support.EchoServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Ack;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Acknowledgements in both directions with the Java client. */
class JavaClientAckTest {

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
    void serverReceivesTheClientsAckForItsEmit() throws Exception {
        Socket socket = clients.connect(server.url(), "websocket");
        socket.on("question", args -> {
            Ack ack = (Ack) args[args.length - 1];
            ack.call("answer to " + args[0], new JSONObject(java.util.Map.of("n", 7)));
        });
        var answers = record(socket, "answer");
        socket.emit("ask", "q1", 2000);
        Object[] answer = next(answers);
        assertEquals("answer to q1", answer[0]);
        assertEquals(7, ((JSONObject) answer[1]).getInt("n"));
    }

    @Test
    void serverAckTimesOutWhenTheClientNeverAnswers() {
        Socket socket = clients.connect(server.url(), "websocket");
        socket.on("question", args -> { /* never calls the ack */ });
        var timeouts = record(socket, "answer-timeout");
        socket.emit("ask", "q2", 200);
        assertEquals(200, next(timeouts)[0]);
    }

    @Test
    void clientAckCarriesAllArgumentsBack() throws Exception {
        Socket socket = clients.connect(server.url(), "polling");
        var acked = new java.util.concurrent.CompletableFuture<Object[]>();
        socket.emit("echo", new Object[] {1, "two", new JSONObject().put("three", true)}, acked::complete);
        Object[] args = acked.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(3, args.length);
        assertEquals(1, args[0]);
        assertEquals("two", args[1]);
        assertEquals(true, ((JSONObject) args[2]).getBoolean("three"));
    }
}
