package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static dev.syncio.it.abuse.EngineHttp.awaitAtMost;
import static dev.syncio.it.abuse.EngineHttp.awaitOpenSessionsAtMost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.RawConnection;
import dev.syncio.it.support.LocalServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Security review, points 4 and 7: the server had no idle or read timeout. An HTTP connection idle
 * between requests, or whose request has not arrived completely, must be closed after pingInterval +
 * pingTimeout (here 300 ms + 200 ms; every wait is bounded at 20 s, forty times that); a polling
 * session that stops polling is removed by the heartbeat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionTimeoutTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    private SyncServer server;
    private final Set<String> disconnected = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void startServer() {
        server = LocalServer.anonymous()
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200))
                .build();
        server.onDisconnect((socket, reason) -> disconnected.add(socket.id()));
        server.start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private int port() {
        return server.port();
    }

    /**
     * A kept-alive connection that carried one request (a handshake, or a request the server
     * refused) and then goes idle.
     */
    @ParameterizedTest
    @ValueSource(strings = {"EIO=4&transport=polling", "EIO=4&transport=polling&sid=unknown-session"})
    void keptAliveConnectionIdleBetweenRequestsIsClosed(String query) {
        try (RawConnection connection = RawConnection.open(port())) {
            RawConnection.Response response = connection.get("/socket.io/?" + query);
            assertTrue(response.status() == 200 || response.status() == 400, response::toString);
            assertTrue(connection.awaitClosedByServer(AWAIT),
                    "an idle kept-alive connection was still open after " + AWAIT);
        }
    }

    @Test
    void keptAlivePollingConnectionThatGoesIdleIsClosed() {
        try (RawConnection connection = RawConnection.open(port())) {
            RawConnection.Response open = connection.get("/socket.io/?EIO=4&transport=polling");
            assertEquals(200, open.status(), open::toString);
            String sid = EngineHttp.sidOf(open.text());
            RawConnection.Response connect = connection.exchange("POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid,
                    Map.of(), "40".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, connect.status(), connect::toString);
            assertTrue(connection.awaitClosedByServer(AWAIT),
                    "an idle kept-alive polling connection was still open after " + AWAIT);
        }
    }

    @Test
    void connectionThatNeverSendsARequestIsClosed() {
        try (RawConnection connection = RawConnection.open(port())) {
            assertTrue(connection.awaitClosedByServer(AWAIT), "a silent connection was still open after " + AWAIT);
        }
    }

    @Test
    void connectionWithAHalfSentRequestHeadIsClosedWithoutASession() {
        long baseline = server.stats().openSessions();
        try (RawConnection connection = RawConnection.open(port())) {
            connection.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nX-Partial: ");
            assertTrue(connection.awaitClosedByServer(AWAIT), "a half-sent request head kept its connection open");
        }
        assertTrue(server.stats().openSessions() <= baseline, "a half-sent handshake created a session");
    }

    @Test
    void connectionWithAHalfSentRequestBodyIsClosed() {
        String sid = EngineHttp.handshake(port());
        try (RawConnection connection = RawConnection.open(port())) {
            connection.write(RawConnection.requestHead("POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid, port(),
                    Map.of("Content-Type", "text/plain;charset=UTF-8", "Content-Length", "1000")));
            connection.write("42[\"half".getBytes(StandardCharsets.UTF_8));
            assertTrue(connection.awaitClosedByServer(AWAIT), "a half-sent request body kept its connection open");
        }
    }

    @Test
    void pollingSessionThatStopsPollingIsRemovedByTheHeartbeat() {
        long baseline = server.stats().openSessions();
        long sockets = server.stats().connectedSockets();
        String sid = EngineHttp.handshake(port());
        assertEquals(200, EngineHttp.push(port(), sid, "40").status());
        // take the CONNECT answer (a ping may come first on a slow machine: answered)
        String socketId = null;
        for (int attempt = 0; attempt < 10 && socketId == null; attempt++) {
            RawConnection.Response poll = EngineHttp.poll(port(), sid);
            assertEquals(200, poll.status(), poll::toString);
            for (String packet : poll.text().split("\u001e")) {
                if (packet.startsWith("40{")) {
                    socketId = packet.substring(packet.indexOf("\"sid\":\"") + 7).split("\"", 2)[0];
                } else if (packet.equals("2")) {
                    EngineHttp.push(port(), sid, "3");
                }
            }
        }
        assertTrue(socketId != null, "no CONNECT answer");
        String id = socketId;
        // ...and never poll again
        awaitOpenSessionsAtMost(server, baseline);
        awaitAtMost("connectedSockets", () -> server.stats().connectedSockets(), sockets);
        Awaitility.await("disconnect handler of " + id).atMost(AWAIT).until(() -> disconnected.contains(id));
        assertEquals(400, EngineHttp.poll(port(), sid).status(), "the removed session's id is unknown");
        awaitAtMost("bufferedBytes", () -> server.stats().bufferedBytes(), 0);
    }
}
