package dev.syncio.it.auth;

import static dev.syncio.it.support.AuthServer.JavaClient.refusalCode;
import static dev.syncio.it.support.AuthServer.JavaClient.whoami;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.it.support.AuthServer;
import dev.syncio.it.support.AuthServer.Kind;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.Tokens;
import io.socket.client.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the server looks for the token: the CONNECT auth payload, then an
 * {@code Authorization: Bearer} header, then the {@code token} query parameter (unless switched
 * off). The first source present is judged, with no fallback; an empty string counts as absent.
 */
class TokenSourceTest {

    private JavaClients clients;
    private AuthServer server;

    @BeforeEach
    void createClients() {
        clients = new JavaClients();
    }

    @AfterEach
    void cleanUp() {
        clients.close();
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, List<String>> bearer(String token) {
        return Map.of("Authorization", List.of("Bearer " + token));
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling"})
    void authorizationBearerHeaderIsAccepted(String transport) {
        server = AuthServer.hs256();
        Socket socket = clients.connect(server.url(), b -> b.setTransports(new String[] {transport})
                .setUpgrade(false)
                .setExtraHeaders(bearer(Tokens.hs256("alice"))));
        assertEquals("alice", whoami(socket).userId());
        assertEquals("alice", server.nextPrincipal());
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling"})
    void tokenQueryParameterIsAccepted(String transport) {
        server = AuthServer.hs256();
        Socket socket = clients.connect(server.url(), b -> b.setTransports(new String[] {transport})
                .setUpgrade(false)
                .setQuery("token=" + Tokens.hs256("alice")));
        assertEquals("alice", whoami(socket).userId());
    }

    @Test
    void queryParameterIsIgnoredWhenSwitchedOff() {
        server = AuthServer.start(Kind.HS256, v -> { }, b -> b.queryToken(false));
        Socket socket = clients.socket(server.url(), b -> b.setQuery("token=" + Tokens.hs256("alice")));
        assertEquals("token_missing", refusalCode(socket));
        assertEquals(0, server.connectCalls.get());
    }

    @Test
    void headerStillWorksWhenTheQueryParameterIsSwitchedOff() {
        server = AuthServer.start(Kind.HS256, v -> { }, b -> b.queryToken(false));
        Socket socket = clients.connect(server.url(), b -> b.setExtraHeaders(bearer(Tokens.hs256("alice"))));
        assertEquals("alice", whoami(socket).userId());
    }

    @Test
    void badTokenInAuthPayloadIsRefusedEvenWithAGoodHeader() {
        server = AuthServer.hs256();
        Socket socket = clients.socket(server.url(), b -> b
                .setAuth(Map.of("token", Tokens.otherSecretHs256("alice")))
                .setExtraHeaders(bearer(Tokens.hs256("alice"))));
        assertEquals("token_invalid", refusalCode(socket));
        assertEquals(0, server.connectCalls.get());
    }

    @Test
    void expiredTokenInAuthPayloadIsRefusedEvenWithAGoodQueryParameter() {
        server = AuthServer.hs256();
        Socket socket = clients.socket(server.url(), b -> b
                .setAuth(Map.of("token", Tokens.expiredHs256("alice")))
                .setQuery("token=" + Tokens.hs256("alice")));
        assertEquals("token_expired", refusalCode(socket));
    }

    @Test
    void badHeaderTokenIsRefusedEvenWithAGoodQueryParameter() {
        server = AuthServer.hs256();
        Socket socket = clients.socket(server.url(), b -> b
                .setExtraHeaders(bearer(Tokens.algNone("alice")))
                .setQuery("token=" + Tokens.hs256("alice")));
        assertEquals("token_invalid", refusalCode(socket));
    }

    @Test
    void authPayloadWinsOverHeaderAndQuery() {
        server = AuthServer.hs256();
        Socket socket = clients.connect(server.url(), b -> b
                .setAuth(Map.of("token", Tokens.hs256("alice")))
                .setExtraHeaders(bearer(Tokens.hs256("bob")))
                .setQuery("token=" + Tokens.hs256("carol")));
        assertEquals("alice", whoami(socket).userId());
    }

    @Test
    void headerWinsOverQuery() {
        server = AuthServer.hs256();
        Socket socket = clients.connect(server.url(), b -> b
                .setExtraHeaders(bearer(Tokens.hs256("bob")))
                .setQuery("token=" + Tokens.hs256("carol")));
        assertEquals("bob", whoami(socket).userId());
    }

    @Test
    void emptyAuthTokenCountsAsAbsentAndTheHeaderIsUsed() {
        server = AuthServer.hs256();
        Socket socket = clients.connect(server.url(), b -> b
                .setAuth(Map.of("token", ""))
                .setExtraHeaders(bearer(Tokens.hs256("bob"))));
        assertEquals("bob", whoami(socket).userId());
    }

    @Test
    void emptyAuthTokenAndEmptyQueryParameterCountAsMissing() {
        server = AuthServer.hs256();
        Socket socket = clients.socket(server.url(), b -> b.setAuth(Map.of("token", "")).setQuery("token="));
        assertEquals("token_missing", refusalCode(socket));
    }

    @Test
    void authPayloadWithoutATokenFallsBackToTheQueryParameter() {
        server = AuthServer.hs256();
        Socket socket = clients.connect(server.url(), b -> b
                .setAuth(Map.of("device", "phone"))
                .setQuery("token=" + Tokens.hs256("carol")));
        assertEquals("carol", whoami(socket).userId());
    }
}
