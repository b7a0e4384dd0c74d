package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static dev.syncio.it.abuse.EngineHttp.awaitOpenSessionsAtMost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.LocalServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Security review: {@code 41} then {@code 40} in a loop on one session made a new socket (and a
 * fresh rate-limit bucket) every time, and CONNECT packets were never limited. One session's
 * CONNECTs are limited (bursts of 10, then 1/s); past 100 refusals the session is closed with
 * reason {@code rate limited}.
 */
class ConnectFloodTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    private SyncServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aConnectLoopOnOneSessionIsLimitedThenClosed() throws Exception {
        server = LocalServer.anonymous().build().start();
        AtomicInteger connects = new AtomicInteger();
        server.onConnect(socket -> connects.incrementAndGet());
        long baseline = server.stats().openSessions();
        String sid = EngineHttp.handshake(server.port());

        long started = System.nanoTime();
        // 150 pairs of DISCONNECT and CONNECT in one POST (under the reference clients' packet counts)
        String body = String.join("\u001e", java.util.Collections.nCopies(150, "40\u001e41"));
        EngineHttp.push(server.port(), sid, body);

        awaitOpenSessionsAtMost(server, baseline);
        double seconds = (System.nanoTime() - started) / 1e9;
        Awaitility.await().atMost(AWAIT).until(() -> server.stats().rateLimitDisconnects() == 1);
        assertTrue(server.stats().rateLimitedPackets() > 100, () -> server.stats().toString());
        // the burst of 10 plus what refilled at 1/s meanwhile, not 150 sockets
        long bound = 10 + (long) Math.ceil(seconds) + 1;
        Awaitility.await().atMost(AWAIT).until(() -> server.stats().connectedSockets() == 0);
        assertTrue(connects.get() <= bound, () -> connects.get() + " sockets connected in " + seconds + " s");
        assertTrue(connects.get() >= 1);
        WATCH.assertNoWarnOrError();
    }

    @Test
    void aFewReconnectsOnOneSessionAreFine() throws Exception {
        server = LocalServer.anonymous().build().start();
        AtomicInteger connects = new AtomicInteger();
        server.onConnect(socket -> connects.incrementAndGet());
        String sid = EngineHttp.handshake(server.port());

        String body = String.join("\u001e", java.util.Collections.nCopies(5, "40\u001e41")) + "\u001e40";
        assertEquals(200, EngineHttp.push(server.port(), sid, body).status());

        Awaitility.await().atMost(AWAIT).until(() -> connects.get() == 6);
        Awaitility.await().atMost(AWAIT).until(() -> server.stats().connectedSockets() == 1);
        assertEquals(0, server.stats().rateLimitedPackets());
        assertEquals(1, server.stats().openSessions());
    }
}
