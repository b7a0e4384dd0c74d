package dev.syncio.it.conformance;

import dev.syncio.SyncServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs one {@link ConformanceServer} on a free port for all tests of a class and closes every raw
 * client a test opened. Sessions never outlive their test: each test opens its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceTestBase {

    private static volatile boolean clientWarmedUp;

    SyncServer server;
    private final List<RawEngineClient> clients = new ArrayList<>();

    @BeforeAll
    void startServer() {
        server = ConformanceServer.create(0).start();
        warmUpClient();
    }

    /**
     * The first HTTP and WebSocket exchanges of a JVM load hundreds of JDK classes and can take
     * longer than pingInterval + pingTimeout (500 ms), which would expire the very session a test
     * just opened. One round of each exchange before any test keeps that cost out of the tests.
     */
    private void warmUpClient() {
        if (clientWarmedUp) {
            return;
        }
        try (RawEngineClient client = new RawEngineClient(server.port(), RawEngineClient.ENGINE_IO)) {
            String sid = client.handshake();
            client.push(sid, "4warm-up");
            client.pollPackets(sid, 1);
            RawEngineClient.Ws ws = client.openWebSocketSession();
            ws.send("4warm-up");
            ws.nextTextIgnoringPings();
            ws.send(new byte[] {0});
            ws.nextBinary();
        } catch (AssertionError | RuntimeException slowFirstRound) {
            // the warm-up session may itself expire on a slow machine; warming up is all it is for
        }
        clientWarmedUp = true;
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RawEngineClient::close);
        clients.clear();
    }

    /** A raw client of {@code path} ({@link RawEngineClient#SOCKET_IO} or {@link RawEngineClient#ENGINE_IO}). */
    RawEngineClient client(String path) {
        RawEngineClient client = new RawEngineClient(server.port(), path);
        clients.add(client);
        return client;
    }

    RawEngineClient socketIo() {
        return client(RawEngineClient.SOCKET_IO);
    }

    RawEngineClient engineIo() {
        return client(RawEngineClient.ENGINE_IO);
    }
}
