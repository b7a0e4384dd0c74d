package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LocalServer;
import dev.syncio.it.support.RawConnection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted reverse proxy the client is who {@code X-Forwarded-For} says: the per-address
 * limits count each client, not the proxy, and {@code SyncSocket.remoteAddress()} names the client.
 * From any other peer the header is ignored, so a client cannot pick its own address.
 */
class TrustedProxyTest {

    private static final String QUERY = "EIO=4&transport=polling";

    private SyncServer server;
    private final CompletableFuture<InetSocketAddress> connectedFrom = new CompletableFuture<>();

    private int start(Consumer<SyncServer.Builder> settings) {
        SyncServer.Builder builder = LocalServer.anonymous();
        settings.accept(builder);
        server = builder.build();
        server.onConnect(socket -> connectedFrom.complete(socket.remoteAddress()));
        return server.start().port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static RawConnection.Response handshakeFrom(int port, String forwardedFor) {
        try (RawConnection connection = RawConnection.open(port)) {
            return connection.exchange("GET", "/socket.io/?" + QUERY,
                    Map.of("Connection", "close", "X-Forwarded-For", forwardedFor), null);
        }
    }

    @Test
    void theHandshakeLimitCountsEachForwardedClientNotTheProxy() throws Exception {
        int port = start(b -> b.trustedProxies("127.0.0.1").maxHandshakesPerSecondPerAddress(2));
        for (int i = 1; i <= 20; i++) {
            assertEquals(200, handshakeFrom(port, "203.0.113." + i).status(), "client " + i + " is not limited by the others");
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> sameClient = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                sameClient.add(CompletableFuture.supplyAsync(() -> handshakeFrom(port, "198.51.100.1").status(), pool));
            }
            int refused = 0;
            for (CompletableFuture<Integer> status : sameClient) {
                refused += status.get(AWAIT.toSeconds(), TimeUnit.SECONDS) == 429 ? 1 : 0;
            }
            assertTrue(refused > 0, "30 handshakes of one forwarded client at once, none refused");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theProxysOwnConnectionsAreNotLimitedPerAddress() {
        int port = start(b -> b.trustedProxies("127.0.0.0/8").maxConnectionsPerAddress(1));
        List<RawConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawConnection connection = RawConnection.open(port);
                open.add(connection);
                assertEquals(200, connection.get("/socket.io/?" + QUERY).status(), "connection " + i + " of the proxy");
            }
        } finally {
            open.forEach(RawConnection::close);
        }
    }

    @Test
    void aSocketBehindATrustedProxyReportsTheForwardedAddress() throws Exception {
        int port = start(b -> b.trustedProxies("127.0.0.1"));
        assertEquals("203.0.113.9", connectThrough(port, "203.0.113.9").getAddress().getHostAddress());
    }

    @Test
    void theHeaderOfAnUntrustedPeerIsIgnored() throws Exception {
        int port = start(b -> { });
        assertEquals("127.0.0.1", connectThrough(port, "203.0.113.9").getAddress().getHostAddress());
    }

    /** A polling session opened with this header, then its namespace connected; the address the server saw. */
    private InetSocketAddress connectThrough(int port, String forwardedFor) throws Exception {
        RawConnection.Response open = handshakeFrom(port, forwardedFor);
        assertEquals(200, open.status(), open::toString);
        String sid = EngineHttp.sidOf(open.text());
        assertEquals(200, EngineHttp.push(port, sid, "40").status());
        return connectedFrom.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
