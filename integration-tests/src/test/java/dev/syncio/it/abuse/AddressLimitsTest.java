package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.LocalServer;
import dev.syncio.it.support.RawConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, the transport's share of the session limits: connections per client address,
 * handshakes per second per address (both off by default: every test client shares 127.0.0.1, as
 * every client behind one proxy would), and the packets one polling POST may carry (1 MB of
 * {@code 6} records is about 500,000 packets, all handled at once on the event loop).
 */
class AddressLimitsTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    private SyncServer server;

    private SyncServer start(Consumer<SyncServer.Builder> limits) {
        SyncServer.Builder builder = LocalServer.anonymous();
        limits.accept(builder);
        server = builder.build().start();
        return server;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
        WATCH.assertNoWarnOrError();
    }

    /** A kept-alive connection that completed a handshake (so the server admitted it). */
    private static RawConnection admitted(int port) {
        RawConnection connection = RawConnection.open(port);
        RawConnection.Response open = connection.get("/socket.io/?EIO=4&transport=polling");
        assertEquals(200, open.status(), open::toString);
        return connection;
    }

    @Test
    void connectionsPastThePerAddressLimitAreClosedUntilOneCloses() {
        int port = start(b -> b.maxConnectionsPerAddress(3)).port();
        List<RawConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(admitted(port));
            }
            try (RawConnection fourth = RawConnection.open(port)) {
                fourth.tryWrite(RawConnection.requestHead("GET", "/socket.io/?EIO=4&transport=polling", port, Map.of())
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertTrue(fourth.awaitClosedByServer(AWAIT), "a fourth connection from one address was kept");
            }
            assertTrue(server.stats().limitRefusals("connections_per_address") >= 1);
            open.remove(0).close();
            // once the server has seen that close, a new connection is admitted again
            Awaitility.await("a connection admitted again").atMost(AWAIT).ignoreExceptions().until(() -> {
                try (RawConnection again = admitted(port)) {
                    return true;
                }
            });
        } finally {
            open.forEach(RawConnection::close);
        }
    }

    @Test
    void handshakesPastThePerSecondLimitAreAnswered429() throws Exception {
        int port = start(b -> b.maxHandshakesPerSecondPerAddress(5)).port();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                answers.add(CompletableFuture.supplyAsync(
                        () -> EngineHttp.request(port, "GET", "EIO=4&transport=polling", null).status(), pool));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (CompletableFuture<Integer> answer : answers) {
                statuses.merge(answer.get(AWAIT.toSeconds(), TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 429), statuses::toString);
            assertTrue(statuses.getOrDefault(429, 0) > 0, () -> "60 handshakes at once, none refused: " + statuses);
            assertEquals((long) statuses.get(429), server.stats().limitRefusals("handshakes_per_second"));
            RawConnection.Response refused = EngineHttp.request(port, "GET", "EIO=4&transport=polling", null);
            if (refused.status() == 429) {
                assertTrue(refused.text().contains("Too many requests"), refused::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        // the next second has a fresh allowance
        Awaitility.await("a handshake admitted again").atMost(AWAIT).until(
                () -> EngineHttp.request(port, "GET", "EIO=4&transport=polling", null).status() == 200);
    }

    @Test
    void aPostOfTooManyPacketsIsRefusedAndItsSessionClosed() {
        int port = start(b -> b.maxPacketsPerPost(50)).port();
        String sid = EngineHttp.handshake(port);
        assertEquals(200, EngineHttp.push(port, sid, "40").status());
        assertEquals(200, EngineHttp.push(port, sid, String.join("\u001e", java.util.Collections.nCopies(50, "6")))
                .status(), "50 packets (the limit) were refused");
        RawConnection.Response tooMany = EngineHttp.push(port, sid,
                String.join("\u001e", java.util.Collections.nCopies(51, "6")));
        assertEquals(400, tooMany.status(), tooMany::toString);
        assertTrue(server.stats().limitRefusals("packets_per_post") >= 1);
        assertEquals(400, EngineHttp.poll(port, sid).status(), "the session of the refused POST lives on");
        EngineHttp.awaitAtMost("connectedSockets", () -> server.stats().connectedSockets(), 0);
    }

    @Test
    void aMegabytePostOfNoopsIsRefusedAtTheDefaultLimit() {
        int port = start(b -> { }).port();
        String sid = EngineHttp.handshake(port);
        String body = String.join("\u001e", java.util.Collections.nCopies(400_000, "6"));
        RawConnection.Response answer = EngineHttp.push(port, sid, body);
        assertEquals(400, answer.status(), answer::toString);
        assertEquals(400, EngineHttp.poll(port, sid).status(), "the session of the refused POST lives on");
    }
}
