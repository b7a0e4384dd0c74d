package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static dev.syncio.it.abuse.EngineHttp.awaitAtMost;
import static dev.syncio.it.abuse.EngineHttp.awaitOpenSessionsAtMost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.RawConnection;
import dev.syncio.it.support.LocalServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Security review, points 2, 4 and 7: requests the decoder or the Engine.IO layer must refuse.
 * Netty's leak detector runs at PARANOID and every log event is captured ({@link LeakAndLogWatch}):
 * no buffer may leak, and no WARN/ERROR (with or without a stack trace) for what is only client input.
 *
 * <p>Defaults for the payload cap (1,000,000 bytes) and the heartbeat (25 s + 20 s); connectTimeout
 * 1 s so that the sessions these requests may create end quickly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    private static final int MAX_PAYLOAD = 1_000_000;
    /** Just under the payload cap: each such request is accepted, and must not pin its ~1 MB. */
    private static final int LARGE_BODY = 900_000;

    private SyncServer server;

    @BeforeAll
    void startServer() {
        server = LocalServer.anonymous()
                .maxPayloadBytes(MAX_PAYLOAD)
                .connectTimeout(Duration.ofSeconds(1))
                .build()
                .start();
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

    @Test
    void headerOverTheLimitIsAnswered431AndTheConnectionClosedWithoutASession() {
        long baseline = server.stats().openSessions();
        try (RawConnection parallel = RawConnection.open(port());
             RawConnection attacker = RawConnection.open(port())) {
            attacker.write(RawConnection.requestHead("GET", "/socket.io/?EIO=4&transport=polling", port(),
                    Map.of("X-Filler", "a".repeat(20 * 1024))));
            RawConnection.Response response = attacker.readResponse();
            assertTrue(response.status() == 431 || response.status() == 400,
                    () -> "a 20 KB header was answered " + response);
            assertFalse(response.text().startsWith("0{"), "a refused request opened a session");
            // whatever the client sends next is not served: the connection is closed
            attacker.tryWrite(RawConnection.requestHead("GET", "/socket.io/?EIO=4&transport=polling", port(), Map.of())
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(attacker.awaitClosedByServer(AWAIT), "the connection stayed open after a decoder failure");
            assertTrue(server.stats().openSessions() <= baseline, "the refused request created a session");

            // a client connected all along is served
            RawConnection.Response served = parallel.get("/socket.io/?EIO=4&transport=polling");
            assertEquals(200, served.status(), served::toString);
            assertTrue(served.text().startsWith("0{"), served::toString);
        }
        awaitOpenSessionsAtMost(server, baseline);
        WATCH.assertNoWarnOrError();
    }

    @Test
    void malformedRequestLineIsAnswered400AndClosed() {
        long baseline = server.stats().openSessions();
        try (RawConnection connection = RawConnection.open(port())) {
            // an HTTP version Netty's decoder cannot parse: a decoder failure
            connection.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1 junk\r\nHost: 127.0.0.1\r\n\r\n");
            RawConnection.Response response = connection.readResponse();
            assertEquals(400, response.status(), response::toString);
            assertTrue(connection.awaitClosedByServer(AWAIT), "the connection stayed open after a decoder failure");
        }
        assertTrue(server.stats().openSessions() <= baseline, "the refused request created a session");
        WATCH.assertNoWarnOrError();
    }

    /**
     * Sends one request; a status outside {@code allowed}, or no answer at all, is recorded in
     * {@code problems} (the requests go on, so that the leak and log checks see all of them).
     */
    private RawConnection.Response send(List<String> problems, String method, String query, String body, Set<Integer> allowed) {
        String what = method + " ?" + query + (body == null ? "" : " (" + body.length() + " bytes)");
        try {
            RawConnection.Response response = EngineHttp.request(port(), method, query, body);
            if (!allowed.contains(response.status())) {
                problems.add(what + " answered " + response);
            }
            return response;
        } catch (AssertionError | java.io.UncheckedIOException noAnswer) {
            problems.add(what + ": " + noAnswer.getMessage());
            return null;
        }
    }

    /**
     * Query values Engine.IO v4 does not define ({@code j} is JSONP, gone in v4; {@code disconnect}
     * does not exist; {@code b64} must be absent or numeric): answered 400, or ignored, never a 5xx
     * or a dropped connection; handshakes and ~1 MB POSTs alike. Leaks and logs are checked first.
     */
    @ParameterizedTest
    @ValueSource(strings = {"j=x", "j=", "j=0", "b64=abc", "b64=", "b64=1x", "disconnect=1", "j=x&b64=x&disconnect=x"})
    void undefinedQueryValuesAreRefusedOrIgnoredWithoutLeaksOrStackTraces(String extra) {
        long baseline = server.stats().openSessions();
        List<String> problems = new ArrayList<>();
        RawConnection.Response handshake = send(problems, "GET", "EIO=4&transport=polling&" + extra, null, Set.of(200, 400));
        if (handshake != null && handshake.status() == 200 && !handshake.text().startsWith("0{")) {
            problems.add("handshake with " + extra + " answered 200 without an OPEN packet: " + handshake);
        }
        String body = "4" + "x".repeat(LARGE_BODY);
        for (int i = 0; i < 3; i++) {
            String sid = EngineHttp.handshake(port());
            send(problems, "POST", "EIO=4&transport=polling&sid=" + sid + "&" + extra, body, Set.of(200, 400));
            // a handshake must be a GET: 400 (and the body dropped)
            send(problems, "POST", "EIO=4&transport=polling&" + extra, body, Set.of(400));
        }
        WATCH.assertClean();
        WATCH.assertNoWarnOrError();
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        awaitOpenSessionsAtMost(server, baseline);
    }

    @Test
    void largePostsWithUndefinedQueryValuesDoNotPinTheirBuffers() {
        long baseline = server.stats().openSessions();
        LeakAndLogWatch.provokeLeakReports();
        long before = LeakAndLogWatch.allocatorBytesInUse();
        assumeTrue(before >= 0, "the default allocator reports no metric");
        int requests = 24;
        String body = "4" + "x".repeat(LARGE_BODY);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String sid = EngineHttp.handshake(port());
            String extra = i % 2 == 0 ? "j=x" : "b64=abc";
            send(problems, "POST", "EIO=4&transport=polling&sid=" + sid + "&" + extra, body, Set.of(200, 400));
        }
        // pinned, the bodies would hold requests x 900 KB = ~21 MB; released, what remains in use is
        // the allocator's own caches, far below half of that
        long bound = before + (long) requests * LARGE_BODY / 2;
        awaitAtMost("bytes in use by the server's allocator", LeakAndLogWatch::allocatorBytesInUse, bound);
        WATCH.assertClean();
        WATCH.assertNoWarnOrError();
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        awaitOpenSessionsAtMost(server, baseline);
    }

    @Test
    void pollingPostOverMaxPayloadIsAnswered413() throws Exception {
        String sid = EngineHttp.handshake(port());
        byte[] body = new byte[2 * 1024 * 1024];
        Arrays.fill(body, (byte) 'x');
        body[0] = '4';
        try (RawConnection connection = RawConnection.open(port())) {
            connection.write(RawConnection.requestHead("POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid, port(),
                    Map.of("Content-Type", "text/plain;charset=UTF-8", "Content-Length", Integer.toString(body.length))));
            // the body goes out on another thread while this one reads: a server that answers
            // before reading it all must not be blocked by the client, nor the client by the server
            CompletableFuture<Boolean> written = CompletableFuture.supplyAsync(() -> connection.tryWrite(body));
            RawConnection.Response response = connection.readResponse();
            assertEquals(413, response.status(), response::toString);
            written.get(AWAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
        // the server is healthy, and a body just under the cap is accepted
        String other = EngineHttp.handshake(port());
        RawConnection.Response ok = EngineHttp.push(port(), other, "40");
        assertEquals(200, ok.status(), ok::toString);
        // the CONNECT reply waits in the session's queue for a poll: take it, then nothing is held
        RawConnection.Response connected = EngineHttp.poll(port(), other);
        assertTrue(connected.text().startsWith("40{\"sid\":"), connected::toString);
        awaitAtMost("bufferedBytes", () -> server.stats().bufferedBytes(), 0);
        WATCH.assertNoWarnOrError();
    }
}
