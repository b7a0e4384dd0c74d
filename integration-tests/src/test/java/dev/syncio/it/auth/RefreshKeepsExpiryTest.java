package dev.syncio.it.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.Principal;
import dev.syncio.SyncServer;
import dev.syncio.SyncSocket;
import dev.syncio.auth.RefusalCode;
import dev.syncio.auth.TokenRejectedException;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code session:refresh} never turns a session that expires into one that never does, even
 * with a host's own {@code TokenVerifier} that accepts tokens without an expiry (JwtVerifier
 * refuses them already unless {@code requireExpiration(false)}).
 */
class RefreshKeepsExpiryTest {

    private final JavaClients clients = new JavaClients();
    private SyncServer server;

    @AfterEach
    void stop() {
        clients.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRefreshWithoutExpiryIsRefusedAndTheExpiryStays() throws Exception {
        Instant expiresAt = Instant.now().plusSeconds(600);
        server = SyncServer.builder().host("127.0.0.1").port(0)
                .auth(token -> switch (token) {
                    case "expiring" -> new Principal("alice", Map.of(), expiresAt);
                    case "endless" -> new Principal("alice", Map.of(), null);
                    default -> throw new TokenRejectedException(RefusalCode.TOKEN_INVALID, "unknown test token");
                })
                .build().start();
        CompletableFuture<SyncSocket> serverSide = new CompletableFuture<>();
        server.onConnect(serverSide::complete);
        Socket socket = clients.connect("http://127.0.0.1:" + server.port(),
                b -> b.setTransports(new String[] {"websocket"}).setAuth(Map.of("token", "expiring")));

        CompletableFuture<JSONObject> ack = new CompletableFuture<>();
        socket.emit("session:refresh", new Object[] {new JSONObject(Map.of("token", "endless"))},
                (Ack) args -> ack.complete((JSONObject) args[0]));
        JSONObject reply = ack.get(20, TimeUnit.SECONDS);

        assertFalse(reply.optBoolean("ok", true), reply::toString);
        assertEquals("token_claims", reply.getJSONObject("error").optString("code"), reply::toString);
        assertEquals(expiresAt, serverSide.get(20, TimeUnit.SECONDS).principal().expiresAt());
        assertTrue(socket.connected());
    }
}
