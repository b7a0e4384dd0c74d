package dev.syncio.it.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.syncio.it.support.EchoServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binary payloads travel byte-exact in both directions, top-level and nested, on both transports. */
class JavaClientBinaryTest {

    private static final int NESTED_SIZE = Integer.getInteger("nested", 64 * 1024);

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

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void binaryArgumentsComeBackByteExact(String transport) throws Exception {
        Socket socket = clients.connect(server.url(), transport);
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        byte[] nested = new byte[NESTED_SIZE];
        new java.util.Random(7).nextBytes(nested);
        CompletableFuture<Object[]> acked = new CompletableFuture<>();
        socket.emit("echo", new Object[] {every, new JSONObject().put("blob", nested).put("name", "n")}, acked::complete);
        Object[] args = acked.get(5, TimeUnit.SECONDS);
        assertArrayEquals(every, (byte[]) args[0]);
        assertArrayEquals(nested, (byte[]) ((JSONObject) args[1]).get("blob"));
    }
}
