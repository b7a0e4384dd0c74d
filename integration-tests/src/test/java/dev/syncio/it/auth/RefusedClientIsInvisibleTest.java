package dev.syncio.it.auth;

import static dev.syncio.it.support.AuthServer.JavaClient.call;
import static dev.syncio.it.support.AuthServer.JavaClient.refusalCode;
import static dev.syncio.it.support.AuthServer.JavaClient.whoami;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.AuthServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.Tokens;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No application code sees an unauthenticated socket: a refused client never reaches connect
 * handlers or event handlers and is not counted as connected, only as a refused handshake.
 */
class RefusedClientIsInvisibleTest {

    private JavaClients clients;
    private AuthServer server;

    @BeforeEach
    void start() {
        clients = new JavaClients();
        server = AuthServer.hs256();
    }

    @AfterEach
    void cleanUp() {
        clients.close();
        server.close();
    }

    private Socket socket(String transport, String token) {
        return clients.socket(server.url(), b -> b.setTransports(new String[] {transport}).setUpgrade(false)
                .setAuth(Map.of("token", token)));
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling"})
    void refusedClientNeverReachesConnectHandlersNorTheConnectedCount(String transport) {
        long refusedBefore = server.server().refusedHandshakes();

        assertEquals("token_expired", refusalCode(socket(transport, Tokens.expiredHs256("mallory"))));
        assertEquals("token_invalid", refusalCode(socket(transport, Tokens.algNone("mallory"))));

        assertEquals(refusedBefore + 2, server.server().refusedHandshakes());
        assertEquals(0, server.server().connectedSockets());

        // a good client afterwards: its whoami round trip runs after its connect handler, so once it
        // returns every connect handler call the server will ever make for the refused ones has been made
        Socket good = socket(transport, Tokens.hs256("bob"));
        JavaClients.awaitConnect(good);
        assertEquals("bob", whoami(good).userId());

        assertEquals(1, server.connectCalls.get(), "only the good client reached the connect handler");
        assertEquals(List.of("bob"), List.copyOf(server.principals));
        assertEquals(1, server.server().connectedSockets());
        assertEquals(refusedBefore + 2, server.server().refusedHandshakes());
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling"})
    void refusedClientsEventsNeverReachAHandler(String transport) {
        Socket refused = socket(transport, Tokens.tamperedHs256("alice"));
        assertEquals("token_invalid", refusalCode(refused));

        CompletableFuture<Object[]> refusedAck = new CompletableFuture<>();
        refused.emit("echo", new Object[] {"from the refused client"}, (Ack) refusedAck::complete);
        refused.emit("whoami", new Object[0], (Ack) refusedAck::complete);

        // barrier: a valid client's round trip through the same handler
        Socket good = socket(transport, Tokens.hs256("bob"));
        JavaClients.awaitConnect(good);
        assertEquals("from the good client", call(good, "echo", "from the good client")[0]);

        assertEquals(List.of("echo by bob"), List.copyOf(server.handled), "only the good client's event was handled");
        assertFalse(refusedAck.isDone(), "the refused client got an ack");
        assertFalse(refused.connected());
        assertEquals(1, server.connectCalls.get());
        assertTrue(server.server().refusedHandshakes() >= 1);
    }
}
