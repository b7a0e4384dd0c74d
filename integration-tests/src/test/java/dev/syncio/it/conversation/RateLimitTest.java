package dev.syncio.it.conversation;

import static dev.syncio.it.support.ChatServer.call;
import static dev.syncio.it.support.ChatServer.error;
import static dev.syncio.it.support.ChatServer.errorCode;
import static dev.syncio.it.support.ChatServer.joinOk;
import static dev.syncio.it.support.ChatServer.record;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.RateLimit;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import dev.syncio.SyncServer;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits, judged on the event loop before an event is queued: per socket and per user (across
 * reconnects); a refused event is dropped, only the first of a run gets a {@code rate_limited} ack
 * (a flood is not answered: no amplifier); a socket that keeps exceeding is disconnected with
 * reason {@code rate limited}; one that exceeds now and then stays connected and recovers.
 *
 * <p>Since refused events are mostly not acked, a burst is over when every event is accounted for:
 * acked by a handler, or counted in {@code stats().rateLimitedPackets()}.
 */
class RateLimitTest {

    private ChatServer chat;
    private JavaClients clients;

    @BeforeEach
    void setUp() {
        clients = new JavaClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        if (chat != null) {
            chat.close();
        }
    }

    private void start(Consumer<SyncServer.Builder> customise) {
        chat = ChatServer.start(customise);
    }

    /** What became of a burst: the acks the client got, and how many events the server refused. */
    private record Burst(List<JSONObject> acks, long refused) {

        /** Events a handler ran for (acked ok, or with a handler's own error). */
        long handled() {
            return acks.stream().filter(a -> !isRateLimited(a)).count();
        }

        long ok() {
            return acks.stream().filter(a -> a.optBoolean("ok")).count();
        }

        /** {@code rate_limited} acks: at most one per run of refusals. */
        long rateLimitedAcks() {
            return acks.stream().filter(RateLimitTest::isRateLimited).count();
        }
    }

    private static boolean isRateLimited(JSONObject ack) {
        return !ack.optBoolean("ok") && ack.optJSONObject("error") != null
                && "rate_limited".equals(ack.optJSONObject("error").optString("code"));
    }

    /**
     * Sends {@code count} acked events without waiting in between, then waits until each is
     * accounted for: handled (its handler's ack arrived) or refused by the rate limit (counted by
     * the server). Then a barrier: every ack the server sent for them has arrived.
     */
    private Burst burst(Socket socket, String event, Map<String, ?> payload, int count) {
        long refusedBefore = chat.server().stats().rateLimitedPackets();
        List<JSONObject> acks = new CopyOnWriteArrayList<>();
        for (int i = 0; i < count; i++) {
            socket.emit(event, new Object[] {new JSONObject(payload)}, (Ack) args -> acks.add((JSONObject) args[0]));
        }
        await("every event of the burst handled or refused").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> acks.stream().filter(a -> !isRateLimited(a)).count()
                        + chat.server().stats().rateLimitedPackets() - refusedBefore >= count);
        chat.barrier(socket);
        Burst burst = new Burst(List.copyOf(acks), chat.server().stats().rateLimitedPackets() - refusedBefore);
        assertEquals(count, burst.handled() + burst.refused(), burst::toString);
        return burst;
    }

    /** One acked event; its ack, or null when none came within a second (refused silently). */
    private static JSONObject tryCall(Socket socket, String event, Map<String, ?> payload) throws InterruptedException {
        BlockingQueue<JSONObject> ack = new java.util.concurrent.LinkedBlockingQueue<>();
        socket.emit(event, new Object[] {new JSONObject(payload)}, (Ack) args -> ack.add((JSONObject) args[0]));
        return ack.poll(1, TimeUnit.SECONDS);
    }

    /** Waits until an event is handled again (the bucket has refilled). */
    private static void awaitAcceptedAgain(Socket socket) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JSONObject ack = tryCall(socket, "ping", Map.of());
            return ack != null && ack.optBoolean("ok");
        });
    }

    @Test
    void burstOverTheLimitIsPartlyRefusedAndTheConnectionStays() throws Exception {
        start(b -> b.rateLimit(new RateLimit(5, 5)));
        Socket alice = chat.connect(clients, "alice");
        BlockingQueue<Object[]> pongs = record(alice, "pong");

        Burst burst = burst(alice, "ping", Map.of(), 20);

        long accepted = burst.ok();
        assertEquals(accepted, burst.handled(), burst::toString);
        assertTrue(accepted >= 5, () -> "the burst size must pass: " + burst);
        assertTrue(burst.refused() >= 1, () -> "nothing was rate limited: " + burst);
        // the first refusal of a run is answered with rate_limited, the rest of the run is not:
        // each further run needs an accepted event (a refill) before it, and 5 were the burst
        assertTrue(burst.rateLimitedAcks() >= 1, () -> "the first refusal got no rate_limited ack: " + burst);
        assertTrue(burst.rateLimitedAcks() <= accepted - 4, () -> "more than one error ack per run: " + burst);
        for (JSONObject ack : burst.acks()) {
            if (!ack.optBoolean("ok")) {
                assertEquals("rate_limited", errorCode(ack), ack::toString);
                assertFalse(error(ack).optString("message").isBlank());
            }
        }
        // pongs follow their acks: wait for the accepted ones, then make sure no more come
        await().atMost(Duration.ofSeconds(5)).until(() -> pongs.size() >= accepted);
        chat.barrier(alice);
        assertEquals(accepted, pongs.size(), "a refused ping is not handled: no pong for it");
        assertTrue(alice.connected(), "rate limiting must not disconnect");
        assertEquals(1, chat.server().stats().connectedSockets());
    }

    @Test
    void eventsAreAcceptedAgainOnceTheBucketRefills() throws Exception {
        start(b -> b.rateLimit(new RateLimit(5, 5)));
        Socket alice = chat.connect(clients, "alice");
        assertTrue(burst(alice, "ping", Map.of(), 20).refused() >= 1);

        awaitAcceptedAgain(alice);
        assertTrue(alice.connected());
    }

    @Test
    void everyClientEventCountsAgainstTheDefaultLimit() throws Exception {
        start(b -> b.rateLimit(new RateLimit(0.5, 3)));
        Socket alice = chat.connect(clients, "alice");
        // built-in, host and unknown events all take from the same bucket
        List<Burst> bursts = List.of(
                burst(alice, "join_conversation", Map.of("conversationId", "c1"), 2),
                burst(alice, "no_such_event", Map.of(), 2),
                burst(alice, "refuse", Map.of(), 2));
        long limited = bursts.stream().mapToLong(Burst::refused).sum();
        assertTrue(limited >= 1, () -> "6 events with a burst of 3 were never limited: " + bursts);
        assertTrue(bursts.stream().mapToLong(Burst::rateLimitedAcks).sum() >= 1, bursts::toString);
        assertTrue(alice.connected());
    }

    @Test
    void limitsAreCountedPerSocket() throws Exception {
        start(b -> b.rateLimit(new RateLimit(1, 3)));
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        assertTrue(burst(alice, "ping", Map.of(), 10).refused() >= 1);
        // alice's bucket is empty; bob's is full
        Burst bobs = burst(bob, "ping", Map.of(), 3);
        assertEquals(3, bobs.ok(), bobs::toString);
    }

    @Test
    void aPerEventLimitAppliesToThatEventOnly() throws Exception {
        start(b -> b.rateLimit(new RateLimit(100, 100)).rateLimit("ping", new RateLimit(1, 2)));
        Socket alice = chat.connect(clients, "alice");

        Burst pings = burst(alice, "ping", Map.of(), 10);
        assertTrue(pings.ok() >= 2, pings::toString);
        assertTrue(pings.refused() >= 1, () -> "the ping limit did not apply: " + pings);

        // while pings are limited, other events still pass
        joinOk(alice, "c1");
        Burst sends = burst(alice, "send_message", Map.of("conversationId", "c1", "text", "x"), 10);
        assertEquals(10, sends.ok(), sends::toString);
        assertTrue(alice.connected());
    }

    @Test
    void refusedEventsWithoutAckAreDroppedQuietly() throws Exception {
        start(b -> b.rateLimit(new RateLimit(1, 2)));
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        joinOk(bob, "c1");
        // a flood without acks: some are dropped, the connection stays
        for (int i = 0; i < 30; i++) {
            alice.emit("no_such_event", new JSONObject(Map.of("i", i)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> chat.server().stats().rateLimitedPackets() >= 1);
        awaitAcceptedAgain(alice);
        assertTrue(alice.connected());
        assertEquals(2, chat.server().stats().connectedSockets());
    }

    /**
     * The amplifier: every refused event that carried an ack id got a ~90-byte error ack. Now a
     * flood of 300 acked events gets one rate_limited ack per run of refusals, and none of the
     * refused events reaches a handler.
     */
    @Test
    void aFloodOfAckedEventsIsNotAnsweredEventByEvent() throws Exception {
        start(b -> b.rateLimit(new RateLimit(5, 5)).rateLimitDisconnect(100_000, Duration.ofSeconds(10)));
        Socket alice = chat.connect(clients, "alice");
        BlockingQueue<Object[]> pongs = record(alice, "pong");

        Burst flood = burst(alice, "ping", Map.of(), 300);

        assertTrue(flood.refused() >= 200, () -> "300 events at 5/s: " + flood.refused() + " refused");
        assertTrue(flood.rateLimitedAcks() <= flood.ok() - 4, () -> "an error ack per refused event: "
                + flood.rateLimitedAcks() + " rate_limited acks for " + flood.refused() + " refusals");
        assertTrue(flood.acks().size() <= 2 * flood.ok(), () -> flood.acks().size() + " acks for " + flood.ok()
                + " accepted events");
        chat.barrier(alice);
        assertEquals(flood.ok(), pongs.size(), "a refused ping reached the handler");
        assertTrue(alice.connected());
    }

    /** A socket that keeps exceeding (more than 100 refusals within 10 s by default) is disconnected. */
    @Test
    void aRepeatOffenderIsDisconnectedWithReasonRateLimited() throws Exception {
        start(b -> b.rateLimit(new RateLimit(5, 5)));
        BlockingQueue<String> reasons = new java.util.concurrent.LinkedBlockingQueue<>();
        chat.server().onDisconnect((socket, reason) -> reasons.add(reason));
        Socket alice = chat.connect(clients, "alice");
        Socket bob = chat.connect(clients, "bob");
        CountDownLatch disconnected = new CountDownLatch(1);
        alice.on(Socket.EVENT_DISCONNECT, args -> disconnected.countDown());

        for (int i = 0; i < 1000; i++) {
            alice.emit("no_such_event", new JSONObject(Map.of("i", i)));
        }

        assertTrue(disconnected.await(20, TimeUnit.SECONDS), "the flooding client was not disconnected");
        assertEquals("rate limited", reasons.poll(20, TimeUnit.SECONDS));
        assertEquals(1, chat.server().stats().rateLimitDisconnects());
        long refused = chat.server().stats().rateLimitedPackets();
        assertTrue(refused > 100 && refused < 1000, () -> refused + " packets refused before the disconnect");
        // the other user is not affected
        assertTrue(call(bob, "ping", Map.of()).optBoolean("ok"));
    }

    /**
     * {@code 41} then {@code 40{token}} (or a new connection) gave a fresh bucket with a fresh burst.
     * The user's bucket is kept across reconnects: four connections in a row, each bursting, get
     * no more than the user's burst plus what refilled meanwhile.
     */
    @Test
    void reconnectingGivesNoFreshBurst() throws Exception {
        start(b -> b.rateLimit(new RateLimit(1, 5)).userRateLimit(new RateLimit(1, 8))
                .rateLimitDisconnect(100_000, Duration.ofSeconds(10)));
        long started = System.nanoTime();
        long accepted = 0;
        for (int i = 0; i < 4; i++) {
            Socket alice = chat.connect(clients, "alice");
            accepted += burst(alice, "ping", Map.of(), 10).ok();
            alice.disconnect();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long bound = 8 + (long) Math.ceil(seconds) + 1;
        long total = accepted;
        // per socket alone this would be at least 4 x 5 = 20
        assertTrue(total <= bound, () -> total + " pings accepted in " + seconds + " s; the user's limit allows " + bound);
        assertTrue(total >= 8, () -> "the user's burst must pass: " + total);
    }
}
