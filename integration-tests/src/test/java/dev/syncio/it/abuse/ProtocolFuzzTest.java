package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.abuse.FuzzCases.Case;
import dev.syncio.it.abuse.FuzzCases.Transport;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.RawConnection;
import dev.syncio.it.support.RawWebSocket;
import dev.syncio.it.support.Tokens;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed Engine.IO and Socket.IO input ({@link FuzzCases}) on WebSocket and polling sessions,
 * while two well-behaved, authenticated clients talk in a conversation. Seeded: the seed is
 * printed and in every assertion message; {@code -Dsyncio.fuzz.seed=S} replays a run.
 * {@code -Dsyncio.fuzz.cases} (default 3,000) and {@code -Dsyncio.fuzz.seconds} (default 60: the
 * cases stop early when it is spent) bound it; see docs/security.md, "Testing the limits".
 */
class ProtocolFuzzTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    private static final long SEED = Long.getLong("syncio.fuzz.seed", System.nanoTime());
    private static final int CASES = Integer.getInteger("syncio.fuzz.cases", 3000);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("syncio.fuzz.seconds", 60));
    private static final int FUZZ_THREADS = 3;
    private static final Duration CASE_WAIT = Duration.ofSeconds(10);
    private static final String TOKEN = Tokens.hs256(FuzzCases.USER);

    @Test
    void malformedInputOnBothTransportsLeavesGoodClientsAndTheServerUnharmed() throws Exception {
        System.out.println("ProtocolFuzzTest seed=" + SEED + " (replay: -Dsyncio.fuzz.seed=" + SEED + ")");
        String seed = "seed=" + SEED + ": ";
        Map<String, AtomicInteger> disconnectReasons = new ConcurrentHashMap<>();
        try (ChatServer chat = ChatServer.start(b -> b.connectTimeout(Duration.ofSeconds(3)));
             JavaClients clients = new JavaClients()) {
            chat.server().onDisconnect((socket, reason) ->
                    disconnectReasons.computeIfAbsent(reason, k -> new AtomicInteger()).incrementAndGet());
            Conversation talk = new Conversation(chat, clients);
            AtomicReference<String> failure = new AtomicReference<>();
            AtomicInteger next = new AtomicInteger();
            long deadline = System.nanoTime() + BUDGET.toNanos();
            ExecutorService fuzzers = Executors.newFixedThreadPool(FUZZ_THREADS);
            for (int t = 0; t < FUZZ_THREADS; t++) {
                fuzzers.execute(() -> {
                    for (int i = next.getAndIncrement(); i < CASES && failure.get() == null
                            && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                        Case c = FuzzCases.generate(SEED, i);
                        try {
                            run(chat.server().port(), c);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, c.describe() + "\n  -> " + e);
                        }
                    }
                });
            }
            fuzzers.shutdown();
            assertTrue(fuzzers.awaitTermination(BUDGET.toSeconds() + 60, TimeUnit.SECONDS), seed + "the fuzzers hang");
            int ran = Math.min(next.get(), CASES);
            System.out.println("ProtocolFuzzTest seed=" + SEED + ": " + ran + " cases; limits refused: "
                    + chat.server().stats().limitRefusals() + "; disconnect reasons: " + disconnectReasons);
            assertNull(failure.get(), seed + "a case failed");

            talk.stopAndAssertEveryMessageArrivedOnce(seed);
            Awaitility.await(seed + "sessions and sockets back to the two good clients").atMost(AWAIT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> chat.server().stats().openSessions() == 2 && chat.server().stats().connectedSockets() == 2);
            Map<String, Long> limits = chat.server().stats().limitRefusals();
            for (String code : List.of("attachments", "attachments_not_connected", "packets_per_post", "refused_connects")) {
                assertTrue(limits.getOrDefault(code, 0L) > 0, seed + "limit " + code + " never hit: " + limits);
            }
            assertTrue(disconnectReasons.containsKey("parse error"), seed + "no socket closed with parse error: " + disconnectReasons);
            talk.assertNoErrors(seed);
        }
        try {
            WATCH.assertNoWarnOrErrorButTheRefusalSummary();
        } catch (AssertionError e) {
            throw new AssertionError(seed + e.getMessage(), e);
        }
    }

    /**
     * One case on a fresh session, then an Engine.IO CLOSE (but after bad tokens, which must make
     * the server close by itself): the server must have closed a WebSocket within {@link #CASE_WAIT}.
     */
    private static void run(int port, Case c) {
        if (c.transport() == Transport.WEBSOCKET) {
            try (RawWebSocket ws = RawWebSocket.open(port, "EIO=4&transport=websocket")) {
                assertTrue(ws.nextText(CASE_WAIT).startsWith("0{"), "no OPEN packet");
                if (c.connectFirst()) {
                    ws.sendText("40{\"token\":\"" + TOKEN + "\"}");
                    String reply = ws.nextTextAnsweringPings(CASE_WAIT);
                    assertTrue(reply.startsWith("40{"), () -> "CONNECT refused: " + reply);
                }
                for (Object frame : c.frames()) {
                    boolean sent = frame instanceof byte[] bytes
                            ? ws.connection().tryWrite(RawWebSocket.frame(RawWebSocket.BINARY, bytes))
                            : ws.trySendText((String) frame);
                    if (!sent || c.kind().equals("bad-token") && !refused(ws)) {
                        break;
                    }
                }
                if (!c.kind().equals("bad-token")) { // refused_connects: the server closes it by itself
                    ws.trySendText("1");
                }
                assertTrue(ws.awaitClosedByServer(CASE_WAIT), "the server did not close the session");
            }
            return;
        }
        String sid = EngineHttp.handshake(port);
        if (c.connectFirst()) {
            assertEquals(200, EngineHttp.push(port, sid, "40{\"token\":\"" + TOKEN + "\"}").status(), "CONNECT POST");
            String reply = EngineHttp.poll(port, sid).text();
            assertTrue(reply.startsWith("40{"), () -> "CONNECT refused: " + reply);
        }
        byte[] body = c.frames().size() == 1 && c.frames().get(0) instanceof byte[] bytes ? bytes
                : String.join("\u001e", c.frames().stream().map(f -> f instanceof byte[] b
                        ? new String(b, StandardCharsets.ISO_8859_1) : (String) f).toList()).getBytes(StandardCharsets.UTF_8);
        String query = "EIO=4&transport=polling&sid=" + sid;
        RawConnection.Response answer = post(port, query, body);
        assertTrue(answer == null || answer.status() == 200 || answer.status() == 400 || answer.status() == 413,
                () -> "POST answered " + answer);
        RawConnection.Response close = post(port, query, "1".getBytes(StandardCharsets.UTF_8));
        assertTrue(close == null || close.status() == 200 || close.status() == 400, () -> "CLOSE answered " + close);
    }

    /**
     * Reads the CONNECT_ERROR of a bad token: a CONNECT sent while another is still being verified
     * is ignored, so the bad tokens go one at a time, until the server closes after the 5th.
     */
    private static boolean refused(RawWebSocket ws) {
        try {
            String answer = ws.nextTextAnsweringPings(CASE_WAIT);
            assertTrue(answer.startsWith("44{"), () -> "a bad token was answered " + answer);
            return true;
        } catch (RawWebSocket.ClosedException closed) {
            return false;
        }
    }

    /** A POST's answer, or null when the server closed the connection without one (an oversized body). */
    private static RawConnection.Response post(int port, String query, byte[] body) {
        try {
            return EngineHttp.requestBytes(port, "POST", query, body);
        } catch (UncheckedIOException reset) {
            return null;
        } catch (AssertionError e) {
            if (e.getMessage() != null && e.getMessage().contains("without a response")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Alice and Bob (real Java clients over WebSocket, authenticated, both in c1) each send a message
     * every 100 ms (10/s: half the per-socket rate limit) with an ack; each records what it receives.
     */
    private static final class Conversation {
        private final ChatServer chat;
        private final Socket alice;
        private final Socket bob;
        private final Queue<String> toBob = new ConcurrentLinkedQueue<>();
        private final Queue<String> toAlice = new ConcurrentLinkedQueue<>();
        private final Queue<String> fromAlice = new ConcurrentLinkedQueue<>();
        private final Queue<String> fromBob = new ConcurrentLinkedQueue<>();
        private final Queue<String> errors = new ConcurrentLinkedQueue<>();
        private final AtomicLong acked = new AtomicLong();
        private final AtomicLong sent = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        Conversation(ChatServer chat, JavaClients clients) {
            this.chat = chat;
            alice = chat.connect(clients, "alice");
            bob = chat.connect(clients, "bob");
            for (Socket socket : List.of(alice, bob)) {
                ChatServer.joinOk(socket, "c1");
                for (String event : List.of(Socket.EVENT_DISCONNECT, Socket.EVENT_CONNECT_ERROR, "error")) {
                    socket.on(event, args -> errors.add(event + " " + java.util.Arrays.toString(args)));
                }
            }
            alice.on("message:new", args -> toAlice.add(text(args)));
            bob.on("message:new", args -> toBob.add(text(args)));
            AtomicInteger count = new AtomicInteger();
            timer.scheduleAtFixedRate(() -> {
                int n = count.incrementAndGet();
                send(alice, "alice-" + n, fromAlice);
                send(bob, "bob-" + n, fromBob);
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        private static String text(Object[] args) {
            JSONObject message = ChatServer.payload(args).optJSONObject("message");
            return message == null ? "<no message>" : message.optString("text");
        }

        private void send(Socket from, String text, Queue<String> log) {
            log.add(text);
            sent.incrementAndGet();
            from.emit("send_message", new Object[] {new JSONObject(Map.of("conversationId", "c1", "text", text))}, (Ack) args -> {
                if (args.length > 0 && args[0] instanceof JSONObject ack && ack.optBoolean("ok")) {
                    acked.incrementAndGet();
                } else {
                    errors.add("ack of " + text + ": " + java.util.Arrays.toString(args));
                }
            });
        }

        void stopAndAssertEveryMessageArrivedOnce(String seed) throws InterruptedException {
            timer.shutdown();
            assertTrue(timer.awaitTermination(10, TimeUnit.SECONDS), seed + "the sender did not stop");
            Awaitility.await(seed + "every message acked").atMost(AWAIT).until(() -> acked.get() + errors.size() >= sent.get());
            chat.barrier(alice);
            chat.barrier(bob);
            assertTrue(errors.isEmpty(), () -> seed + "the good clients saw errors: " + errors);
            assertEquals(new ArrayList<>(fromAlice), new ArrayList<>(toBob), seed + "Bob must get each of Alice's messages once, in order");
            assertEquals(new ArrayList<>(fromBob), new ArrayList<>(toAlice), seed + "Alice must get each of Bob's messages once, in order");
            assertTrue(fromAlice.size() > 1, seed + "the conversation did not run");
        }

        void assertNoErrors(String seed) {
            assertTrue(errors.isEmpty(), () -> seed + "the good clients saw errors: " + errors);
        }
    }
}
