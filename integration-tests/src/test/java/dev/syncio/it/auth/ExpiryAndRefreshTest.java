package dev.syncio.it.auth;

import static dev.syncio.it.support.AuthServer.JavaClient.call;
import static dev.syncio.it.support.AuthServer.JavaClient.whoami;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncSocket;
import dev.syncio.it.support.AuthServer;
import dev.syncio.it.support.AuthServer.Kind;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.Tokens;
import io.socket.client.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * Sessions end at the token's {@code exp} plus the clock skew, with {@code session:expired}
 * {@code {id, code: "token_expired"}} followed by a server disconnect; {@code session:refresh
 * {token}} with a newer token for the same user extends the session, and any other refresh is
 * refused in its ack and changes nothing.
 */
class ExpiryAndRefreshTest {

    /** Short sessions expire within 2-3 s (see {@link Tokens#secondsFromNow}); this bounds each wait. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Timers and the network may deliver an expiry a hair before a client-side {@code Instant.now()}. */
    private static final Duration TOLERANCE = Duration.ofMillis(100);

    private JavaClients clients;
    private AuthServer server;

    /** What a client saw after connecting, in order: {@code session:expired} payloads and disconnect reasons. */
    private record Timeline(Socket socket, BlockingQueue<Object[]> events) {

        Object[] next() {
            try {
                Object[] event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    throw new AssertionError("nothing happened on the socket within " + WAIT);
                }
                return event;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Waits for {@code session:expired}, then for the disconnect, and returns the expiry's payload and time. */
        Expired awaitExpiry() {
            Object[] first = next();
            assertEquals("session:expired", first[0], () -> "first event after connecting: " + List.of(first));
            Object[] second = next();
            assertEquals("disconnect", second[0], () -> "after session:expired: " + List.of(second));
            assertEquals("io server disconnect", second[1]);
            return new Expired(assertInstanceOf(JSONObject.class, first[1]), (Instant) first[2]);
        }

        boolean sawExpiry() {
            return events.stream().anyMatch(e -> "session:expired".equals(e[0]));
        }
    }

    private record Expired(JSONObject payload, Instant receivedAt) {
    }

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

    private Timeline connect(String token) {
        Socket socket = clients.socket(server.url(), b -> b.setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", token)));
        BlockingQueue<Object[]> events = new LinkedBlockingQueue<>();
        socket.on("session:expired", args -> events.add(new Object[] {"session:expired", args[0], Instant.now()}));
        socket.on(Socket.EVENT_DISCONNECT, args -> events.add(new Object[] {"disconnect", args[0], Instant.now()}));
        JavaClients.awaitConnect(socket);
        return new Timeline(socket, events);
    }

    private static JSONObject refresh(Socket socket, String token) {
        return (JSONObject) call(socket, "session:refresh", new JSONObject(Map.of("token", token)))[0];
    }

    private static void assertExpiredPayload(JSONObject payload) {
        assertEquals("token_expired", payload.optString("code"), payload::toString);
        assertFalse(payload.optString("id").isEmpty(), () -> "session:expired has no id: " + payload);
    }

    @Test
    void sessionExpiresAtExpWithSessionExpiredThenADisconnect() throws Exception {
        server = AuthServer.hs256();
        String token = Tokens.forUser("alice").expiresAt(Tokens.secondsFromNow(2)).hs256();
        Instant exp = Tokens.expiresAt(token);
        Timeline alice = connect(token);
        SyncSocket serverSide = server.connected.poll(5, TimeUnit.SECONDS);
        assertEquals(exp, serverSide.principal().expiresAt());

        Expired expired = alice.awaitExpiry();

        assertExpiredPayload(expired.payload());
        assertFalse(expired.receivedAt().isBefore(exp.minus(TOLERANCE)),
                () -> "session:expired at " + expired.receivedAt() + ", before exp " + exp);
        assertFalse(alice.socket().connected());
        assertNotNull(server.disconnected.poll(5, TimeUnit.SECONDS), "the server's disconnect handler ran");
        assertEquals(0, server.server().connectedSockets());
    }

    @Test
    void sessionLastsForTheClockSkewPastExp() {
        server = AuthServer.start(Kind.HS256, v -> v.clockSkew(Duration.ofSeconds(1)), b -> { });
        String token = Tokens.forUser("alice").expiresAt(Tokens.secondsFromNow(1)).hs256();
        Instant exp = Tokens.expiresAt(token);
        Timeline alice = connect(token);

        Expired expired = alice.awaitExpiry();

        assertExpiredPayload(expired.payload());
        assertFalse(expired.receivedAt().isBefore(exp.plusSeconds(1).minus(TOLERANCE)),
                () -> "session:expired at " + expired.receivedAt() + ", before exp + skew " + exp.plusSeconds(1));
    }

    @Test
    void refreshWithALongerTokenKeepsTheSessionPastTheOldExp() {
        server = AuthServer.hs256();
        Instant oldExp = Tokens.secondsFromNow(2);
        String shortToken = Tokens.forUser("alice").expiresAt(oldExp).hs256();
        Timeline refreshed = connect(shortToken);
        Timeline control = connect(shortToken); // same token, never refreshed

        String longToken = Tokens.forUser("alice").expiresAt(Tokens.secondsFromNow(60)).hs256();
        JSONObject ack = refresh(refreshed.socket(), longToken);
        assertTrue(ack.optBoolean("ok"), ack::toString);
        assertEquals(Tokens.expiresAt(longToken), Instant.parse(ack.optString("expiresAt")), ack::toString);

        // the unrefreshed socket shows that the old exp came and its timers fired
        assertExpiredPayload(control.awaitExpiry().payload());
        // Elapsed time is the thing under test here, so this waits for the clock itself: until one
        // second past the old exp, for a late timer of the refreshed socket to have fired if one was left.
        Instant past = oldExp.plusSeconds(1);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().isAfter(past));

        assertTrue(refreshed.socket().connected());
        assertFalse(refreshed.sawExpiry(), "the refreshed socket got session:expired");
        List<String> rooms = whoami(refreshed.socket()).rooms();
        assertTrue(rooms.contains("user:alice"), () -> "rooms after refresh: " + rooms);
        assertTrue(refreshed.events().isEmpty(), () -> "refreshed socket saw " + refreshed.events().stream()
                .map(List::of).toList());
        assertEquals(Tokens.expiresAt(longToken), server.connected.stream()
                .filter(SyncSocket::connected).findFirst().orElseThrow().principal().expiresAt());
    }

    @Test
    void refreshWithAnotherUsersTokenIsForbiddenAndTheOldExpiryStillFires() {
        server = AuthServer.hs256();
        Timeline alice = connect(Tokens.forUser("alice").expiresAt(Tokens.secondsFromNow(2)).hs256());

        JSONObject ack = refresh(alice.socket(), Tokens.forUser("bob").expiresAt(Tokens.secondsFromNow(60)).hs256());

        assertFalse(ack.optBoolean("ok", true), ack::toString);
        JSONObject error = ack.optJSONObject("error");
        assertNotNull(error, ack::toString);
        assertEquals("forbidden", error.optString("code"), ack::toString);
        assertFalse(error.optString("message").isEmpty(), ack::toString);
        assertEquals("alice", whoami(alice.socket()).userId(), "still alice");
        assertExpiredPayload(alice.awaitExpiry().payload());
    }

    static Stream<Arguments> refusedRefreshes() {
        return Stream.of(
                Arguments.of("expired token", (Supplier<String>) () -> Tokens.expiredHs256("alice"), "token_expired"),
                Arguments.of("bad signature", (Supplier<String>) () -> Tokens.otherSecretHs256("alice"), "token_invalid"),
                Arguments.of("alg none", (Supplier<String>) () -> Tokens.algNone("alice"), "token_invalid"),
                Arguments.of("wrong issuer", (Supplier<String>) () -> Tokens.forUser("alice").issuer("elsewhere").hs256(),
                        "token_claims"),
                Arguments.of("not yet valid", (Supplier<String>) () -> Tokens.notYetValidHs256("alice"),
                        "token_not_yet_valid"),
                // the attack: a refresh with a token without exp removed the session's expiry
                Arguments.of("no exp", (Supplier<String>) () -> Tokens.forUser("alice").expiresAt(null).hs256(),
                        "token_claims"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refusedRefreshes")
    void refreshWithATokenThatFailsVerificationIsRefusedAndTheOldExpiryStillFires(
            String name, Supplier<String> token, String code) {
        server = AuthServer.hs256();
        Timeline alice = connect(Tokens.forUser("alice").expiresAt(Tokens.secondsFromNow(2)).hs256());

        JSONObject ack = refresh(alice.socket(), token.get());

        assertFalse(ack.optBoolean("ok", true), ack::toString);
        JSONObject error = ack.optJSONObject("error");
        assertNotNull(error, ack::toString);
        assertEquals(code, error.optString("code"), ack::toString);
        assertTrue(alice.socket().connected());
        assertEquals("alice", whoami(alice.socket()).userId());
        assertExpiredPayload(alice.awaitExpiry().payload());
    }
}
