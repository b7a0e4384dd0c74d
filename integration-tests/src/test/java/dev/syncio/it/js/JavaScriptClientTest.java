package dev.syncio.it.js;

import dev.syncio.it.support.EchoServer;
import dev.syncio.it.support.NodeRunner;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives syncio with the real JavaScript client (socket.io-client v4 from npm): each file under
 * {@code integration-tests/js/test} runs with {@code node --test} against a fresh {@link EchoServer}
 * whose URL it reads from {@code SYNC_URL}. Node's spec output goes to the test log; a failing or
 * hanging file fails its test with that output.
 */
class JavaScriptClientTest {

    private EchoServer server;

    @BeforeEach
    void startServer() {
        server = EchoServer.start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "test/transports.test.mjs",
        "test/binary.test.mjs",
        "test/acks.test.mjs",
        "test/broadcast.test.mjs",
    })
    void nodeTestFilePasses(String file) {
        NodeRunner.assertPasses(file, Map.of("SYNC_URL", server.url()));
    }
}
