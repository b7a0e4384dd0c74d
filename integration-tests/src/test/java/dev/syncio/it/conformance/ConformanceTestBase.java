package dev.syncio.it.conformance;

import dev.syncio.SyncServer;
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

    SyncServer server;
    private final java.util.List<RawEngineClient> clients = new java.util.ArrayList<>();

    @BeforeAll
    void startServer() {
        server = ConformanceServer.create(0).start();
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
