package dev.syncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncServerBuilderTest {

    @Test
    void refusesToBuildWithoutAnyAuthenticationDecision() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SyncServer.builder().build());
        assertTrue(e.getMessage().contains("allowAnonymous"), e.getMessage());
    }

    @Test
    void refusesWildcardAndMalformedOrigins() {
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().allowedOrigins("*"));
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().allowedOrigins("example.com"));
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().allowedOrigins("https://a.example/path"));
    }

    @Test
    void refusesNonPositiveDurationsAndTinyPayloads() {
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().pingInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().pingTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().maxPayloadBytes(10));
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().port(70000));
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().path("socket.io/"));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SyncConfig c = SyncServer.builder().allowAnonymous().build().config();
        assertEquals(9092, c.port());
        assertEquals("/socket.io", c.path());
        assertEquals(Duration.ofSeconds(25), c.pingInterval());
        assertEquals(Duration.ofSeconds(20), c.pingTimeout());
        assertEquals(1_000_000, c.maxPayloadBytes());
        assertTrue(c.allowedOrigins().isEmpty());
        assertTrue(c.queryToken());
    }

    @Test
    void rateLimitDefaultsAreTheDocumentedOnes() {
        SyncServer server = SyncServer.builder().allowAnonymous().build();
        try {
            SyncConfig c = server.config();
            assertEquals(new RateLimit(20, 40), c.rateLimit());
            assertEquals(new RateLimit(40, 80), c.userRateLimit(), "twice the per-socket limit");
            assertEquals(new RateLimit(10, 100), c.rateLimitOffences(), "100 refusals per 10 s");
        } finally {
            server.close();
        }
        SyncServer custom = SyncServer.builder().allowAnonymous().rateLimit(new RateLimit(5, 7))
                .rateLimitDisconnect(30, Duration.ofSeconds(3)).build();
        try {
            assertEquals(new RateLimit(10, 14), custom.config().userRateLimit(), "follows rateLimit unless set");
            assertEquals(new RateLimit(10, 30), custom.config().rateLimitOffences());
        } finally {
            custom.close();
        }
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().rateLimitDisconnect(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> SyncServer.builder().rateLimitDisconnect(10, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> SyncServer.builder().userRateLimit(null));
    }

    @Test
    void closeReleasesThePortForTheNextServer() throws Exception {
        SyncServer first = SyncServer.builder().host("127.0.0.1").port(0).allowAnonymous().build().start();
        int port = first.port();
        first.close();
        try (ServerSocket reuse = new ServerSocket()) {
            reuse.setReuseAddress(true);
            reuse.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
        SyncServer second = SyncServer.builder().host("127.0.0.1").port(port).allowAnonymous().build().start();
        assertEquals(port, second.port());
        second.close();
    }

    @Test
    void startingOnABusyPortFailsWithTheAddress() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            SyncServer server = SyncServer.builder().host("127.0.0.1").port(busy.getLocalPort()).allowAnonymous().build();
            IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
            assertTrue(e.getMessage().contains(String.valueOf(busy.getLocalPort())), e.getMessage());
            server.close();
        }
    }
}
