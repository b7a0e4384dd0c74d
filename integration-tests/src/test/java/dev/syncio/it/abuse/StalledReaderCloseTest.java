package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static dev.syncio.it.abuse.EngineHttp.awaitAtMost;
import static dev.syncio.it.abuse.EngineHttp.awaitOpenSessionsAtMost;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.RawWebSocket;
import dev.syncio.it.support.TcpConnections;
import dev.syncio.it.support.LocalServer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Security review, point 3: the server's own close waited for a flush that a client that stopped
 * reading never allows; after the ping timeout the session was gone but its TCP connection stayed
 * ESTABLISHED with thousands of frames pending.
 *
 * <p>The buffer limit is set far above the flood here ({@code maxBufferedBytes} 256 MiB, grace 10
 * min) so that only the heartbeat (2 s + 2 s) ends the session; {@code SlowConsumerTest} covers the
 * slow-consumer close.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StalledReaderCloseTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    /**
     * 10 MB: far more than the kernel's socket buffers (tcp_wmem max 4 MB, a 4 KB receive buffer).
     * Few large messages, so that emitting them all takes milliseconds (even with every buffer
     * tracked by the leak detector) and the backlog exists well before the heartbeat ends the
     * session.
     */
    private static final int MESSAGES = 640;
    private static final String PAYLOAD = "x".repeat(16 * 1024);

    private SyncServer server;

    @BeforeAll
    void startServer() {
        server = LocalServer.anonymous()
                .pingInterval(Duration.ofSeconds(2))
                .pingTimeout(Duration.ofSeconds(2))
                .maxBufferedBytes(256 * 1024 * 1024)
                .slowConsumerGrace(Duration.ofMinutes(10))
                .build()
                .start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clientThatStopsReadingGetsItsTcpConnectionClosedAtThePingTimeout() {
        long baseline = server.stats().openSessions();
        try (RawWebSocket ws = RawWebSocket.open(server.port(), "EIO=4&transport=websocket", 4096)) {
            assertTrue(ws.nextText(AWAIT).startsWith("0{"));
            ws.connectNamespace(AWAIT);
            // from here on the client reads nothing: the flood backs up into the server, the ping
            // queued behind it is never seen, so no pong: the heartbeat ends the session
            for (int i = 0; i < MESSAGES; i++) {
                server.emitter().toAll().emit("flood", i, PAYLOAD);
            }
            // the precondition: the flood reached the session while it was open (else nothing backs up)
            assertTrue(server.stats().openSessions() >= baseline + 1, "the session ended before the flood was queued");
            awaitOpenSessionsAtMost(server, baseline);
            if (TcpConnections.available()) {
                // still without reading: the server's end of the connection must not be ESTABLISHED
                // (a close that waits for a flush the client never allows keeps it there forever)
                Awaitility.await("the server closes its end of the stalled connection")
                        .atMost(AWAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> !TcpConnections.serverSideEstablished(server.port(), ws.localPort()));
            }
            awaitAtMost("bufferedBytes", () -> server.stats().bufferedBytes(), 0);
            // reading again, the client drains what the kernel still holds and reaches the end
            assertTrue(ws.connection().awaitClosedByServer(AWAIT), "the stalled connection was not closed");
        }
    }
}
