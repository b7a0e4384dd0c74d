package dev.syncio.it.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.RawConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.awaitility.Awaitility;

/**
 * Engine.IO polling requests of the abuse tests, each on a connection of its own
 * ({@link RawConnection}, {@code Connection: close}), and the waits on the server's stats.
 */
final class EngineHttp {

    /** Bound of every await of these tests: generous, for a busy 2-core machine. */
    static final Duration AWAIT = Duration.ofSeconds(20);
    static final String PATH = "/socket.io/";

    private EngineHttp() {
    }

    /**
     * Sends one request on a new connection and reads the response. A large body is written by
     * another thread while this one reads: a server may answer (and close) before it has read the
     * whole body, and a write that then fails is not the test's concern, the answer is.
     */
    static RawConnection.Response request(int port, String method, String query, String body) {
        return requestBytes(port, method, query, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #request(int, String, String, String)}, with a body of any bytes (not necessarily UTF-8). */
    static RawConnection.Response requestBytes(int port, String method, String query, byte[] content) {
        try (RawConnection connection = RawConnection.open(port)) {
            if (content == null || content.length < 64 * 1024) {
                return connection.exchange(method, PATH + "?" + query, Map.of("Connection", "close"), content);
            }
            connection.write(RawConnection.requestHead(method, PATH + "?" + query, port, Map.of(
                    "Connection", "close",
                    "Content-Type", "text/plain;charset=UTF-8",
                    "Content-Length", Integer.toString(content.length))));
            CompletableFuture<Boolean> written = CompletableFuture.supplyAsync(() -> connection.tryWrite(content));
            RawConnection.Response response = connection.readResponse();
            written.orTimeout(AWAIT.toSeconds(), TimeUnit.SECONDS).exceptionally(e -> false).join();
            return response;
        }
    }

    /** Opens a polling session and returns its sid. */
    static String handshake(int port) {
        RawConnection.Response response = request(port, "GET", "EIO=4&transport=polling", null);
        assertEquals(200, response.status(), response::toString);
        return sidOf(response.text());
    }

    /** The {@code sid} of an Engine.IO OPEN packet ({@code 0{"sid":"..."}}). */
    static String sidOf(String openPacket) {
        assertTrue(openPacket.startsWith("0{"), () -> "not an OPEN packet: " + openPacket);
        int start = openPacket.indexOf("\"sid\":\"") + 7;
        return openPacket.substring(start, openPacket.indexOf('"', start));
    }

    static RawConnection.Response poll(int port, String sid) {
        return request(port, "GET", "EIO=4&transport=polling&sid=" + sid, null);
    }

    static RawConnection.Response push(int port, String sid, String payload) {
        return request(port, "POST", "EIO=4&transport=polling&sid=" + sid, payload);
    }

    /** Waits until {@code value} is at most {@code bound}; fails with the last value after {@link #AWAIT}. */
    static void awaitAtMost(String what, LongSupplier value, long bound) {
        Awaitility.await(what + " back to at most " + bound)
                .atMost(AWAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(value::getAsLong, v -> v <= bound);
    }

    /** Waits until the server's open Engine.IO sessions are back to at most {@code baseline}. */
    static void awaitOpenSessionsAtMost(SyncServer server, long baseline) {
        awaitAtMost("openSessions", () -> server.stats().openSessions(), baseline);
    }
}
