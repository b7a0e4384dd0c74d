package dev.syncio.it.auth;

import static dev.syncio.it.support.AuthServer.JavaClient.refusal;
import static dev.syncio.it.support.AuthServer.JavaClient.refusalCode;
import static dev.syncio.it.support.AuthServer.JavaClient.whoami;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncSocket;
import dev.syncio.SyncTransport;
import dev.syncio.it.support.AuthServer;
import dev.syncio.it.support.AuthServer.Kind;
import dev.syncio.it.support.AuthServer.WhoAmI;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.Tokens;
import io.socket.client.Socket;
import io.socket.client.SocketOptionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JWT authentication at the handshake with the real Java client (io.socket:socket.io-client 2.x),
 * the token in the CONNECT auth payload: good tokens are accepted over every transport and yield
 * the token's {@code sub} as the user id; every kind of bad token is refused with
 * {@code {message: "unauthorized", data: {code}}} and the code that says why.
 */
class JavaClientAuthenticationTest {

    /** How the Java client reaches the server. */
    enum Mode {
        WEBSOCKET(b -> b.setTransports(new String[] {"websocket"})),
        POLLING(b -> b.setTransports(new String[] {"polling"}).setUpgrade(false)),
        UPGRADE(b -> { });

        final Consumer<SocketOptionBuilder> options;

        Mode(Consumer<SocketOptionBuilder> options) {
            this.options = options;
        }
    }

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

    private Socket socketWithAuthToken(String token, Mode mode) {
        return clients.socket(server.url(), b -> {
            mode.options.accept(b);
            if (token != null) {
                b.setAuth(Map.of("token", token));
            }
        });
    }

    static Stream<Arguments> kindsAndModes() {
        return Stream.of(Kind.values()).flatMap(kind -> Stream.of(Mode.values()).map(mode -> Arguments.of(kind, mode)));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("kindsAndModes")
    void validTokenIsAcceptedAndItsSubIsTheUserId(Kind kind, Mode mode) throws Exception {
        server = AuthServer.start(kind);
        String token = kind == Kind.HS256 ? Tokens.hs256("alice") : Tokens.rs256("alice");
        Socket socket = socketWithAuthToken(token, mode);
        JavaClients.awaitConnect(socket);

        assertEquals("alice", server.nextPrincipal());
        SyncSocket serverSide = server.connected.poll(5, TimeUnit.SECONDS);
        assertEquals(Tokens.expiresAt(token), serverSide.principal().expiresAt(), "principal carries the token's exp");
        if (mode == Mode.UPGRADE) {
            await().atMost(Duration.ofSeconds(5)).until(() -> serverSide.transport() == SyncTransport.WEBSOCKET);
        }
        WhoAmI me = whoami(socket);
        assertEquals("alice", me.userId());
        assertTrue(me.rooms().contains("user:alice"), () -> "rooms " + me.rooms() + " lack user:alice");
        assertEquals(mode == Mode.POLLING ? SyncTransport.POLLING : SyncTransport.WEBSOCKET, serverSide.transport());
    }

    @Test
    void everyDeviceOfAUserJoinsTheSameUserRoom() {
        server = AuthServer.hs256();
        Socket phone = socketWithAuthToken(Tokens.hs256("alice"), Mode.WEBSOCKET);
        Socket laptop = socketWithAuthToken(Tokens.hs256("alice"), Mode.POLLING);
        Socket other = socketWithAuthToken(Tokens.hs256("bob"), Mode.WEBSOCKET);
        JavaClients.awaitConnect(phone);
        JavaClients.awaitConnect(laptop);
        JavaClients.awaitConnect(other);

        assertTrue(whoami(phone).rooms().contains("user:alice"));
        assertTrue(whoami(laptop).rooms().contains("user:alice"));
        WhoAmI bob = whoami(other);
        assertEquals("bob", bob.userId());
        assertTrue(bob.rooms().contains("user:bob"));
        assertFalse(bob.rooms().contains("user:alice"));
    }

    @Test
    void handBuiltTokenWithTheRightSecretIsAccepted() {
        // the control for the hand-built hostile tokens below: building by hand is not what gets them refused
        server = AuthServer.hs256();
        Socket socket = socketWithAuthToken(Tokens.handSignedHs256("alice"), Mode.WEBSOCKET);
        JavaClients.awaitConnect(socket);
        assertEquals("alice", whoami(socket).userId());
    }

    static Stream<Arguments> refusals() {
        Stream<Arguments> cases = Stream.of(
                refusalCase("no token anywhere", Kind.HS256, () -> null, "token_missing"),
                refusalCase("malformed token", Kind.HS256, Tokens::malformed, "token_invalid"),
                refusalCase("malformed token (RS256 server)", Kind.RS256, Tokens::malformed, "token_invalid"),
                refusalCase("tampered HS256 token", Kind.HS256, () -> Tokens.tamperedHs256("alice"), "token_invalid"),
                refusalCase("tampered RS256 token", Kind.RS256, () -> Tokens.tamperedRs256("alice"), "token_invalid"),
                refusalCase("HS256 signed with another secret", Kind.HS256, () -> Tokens.otherSecretHs256("alice"),
                        "token_invalid"),
                refusalCase("RS256 signed with another RSA key", Kind.RS256, () -> Tokens.otherKeyRs256("alice"),
                        "token_invalid"),
                refusalCase("alg none (HS256 server)", Kind.HS256, () -> Tokens.algNone("alice"), "token_invalid"),
                refusalCase("alg none (RS256 server)", Kind.RS256, () -> Tokens.algNone("alice"), "token_invalid"),
                refusalCase("HS256 with the RSA public key as secret", Kind.RS256,
                        () -> Tokens.hs256WithRsaPublicKey("alice"), "token_invalid"),
                refusalCase("RS256 token on an HS256 server", Kind.HS256, () -> Tokens.rs256("alice"), "token_invalid"),
                refusalCase("expired HS256 token", Kind.HS256, () -> Tokens.expiredHs256("alice"), "token_expired"),
                refusalCase("expired RS256 token", Kind.RS256, () -> Tokens.forUser("alice")
                        .expiresAt(Instant.now().minusSeconds(5)).rs256(), "token_expired"),
                refusalCase("token not valid before a later nbf", Kind.HS256, () -> Tokens.notYetValidHs256("alice"),
                        "token_not_yet_valid"),
                refusalCase("wrong issuer", Kind.HS256, () -> Tokens.forUser("alice").issuer("someone-else").hs256(),
                        "token_claims"),
                refusalCase("no issuer", Kind.HS256, () -> Tokens.forUser("alice").issuer(null).hs256(), "token_claims"),
                refusalCase("wrong audience", Kind.HS256, () -> Tokens.forUser("alice").audience("other-app").hs256(),
                        "token_claims"),
                refusalCase("wrong audience (RS256 server)", Kind.RS256,
                        () -> Tokens.forUser("alice").audience("other-app").rs256(), "token_claims"),
                refusalCase("no audience", Kind.HS256, () -> Tokens.forUser("alice").audience(null).hs256(),
                        "token_claims"),
                refusalCase("no sub", Kind.HS256, () -> Tokens.forUser(null).hs256(), "token_claims"),
                // a token without exp would give a session that never ends: exp is required by default
                refusalCase("no exp", Kind.HS256, () -> Tokens.forUser("alice").expiresAt(null).hs256(), "token_claims"),
                refusalCase("no exp (RS256 server)", Kind.RS256, () -> Tokens.forUser("alice").expiresAt(null).rs256(),
                        "token_claims"),
                refusalCase("blank sub", Kind.HS256, () -> Tokens.forUser("   ").hs256(), "token_claims"));
        return cases.flatMap(c -> Stream.of(Mode.WEBSOCKET, Mode.POLLING).map(mode -> {
            Object[] args = c.get();
            return Arguments.of(args[0], mode, args[1], args[2], args[3]);
        }));
    }

    private static Arguments refusalCase(String name, Kind kind, Supplier<String> token, String code) {
        return Arguments.of(name, kind, token, code);
    }

    @ParameterizedTest(name = "{0} over {1} -> {4}")
    @MethodSource("refusals")
    void badTokenIsRefusedWithItsCode(String name, Mode mode, Kind kind, Supplier<String> token, String code) {
        server = AuthServer.start(kind);
        Socket socket = socketWithAuthToken(token.get(), mode);

        JSONObject error = refusal(socket);

        assertEquals("unauthorized", error.optString("message"), error::toString);
        JSONObject data = error.optJSONObject("data");
        assertEquals(code, data == null ? null : data.optString("code"), error::toString);
        assertEquals(1, data.length(), () -> "the code is all the client learns: " + error);
        assertFalse(socket.connected());
        assertEquals(1, server.server().refusedHandshakes());
        assertEquals(0, server.server().connectedSockets());
    }

    @Test
    void refusedClientCanConnectAgainWithAGoodToken() {
        server = AuthServer.hs256();
        Map<String, String> auth = new java.util.HashMap<>(Map.of("token", Tokens.expiredHs256("alice")));
        Socket socket = clients.socket(server.url(), b -> b.setTransports(new String[] {"websocket"}).setAuth(auth));
        assertEquals("token_expired", refusalCode(socket));

        auth.put("token", Tokens.hs256("alice"));
        JavaClients.awaitConnect(socket);
        assertEquals("alice", whoami(socket).userId());
    }
}
