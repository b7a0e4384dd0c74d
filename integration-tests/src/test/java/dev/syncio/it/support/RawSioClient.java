package dev.syncio.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A Socket.IO client over a {@link RawWebSocket} for the recovery tests, where the exact frames
 * matter: it connects with a token (and a pid and offset when it recovers), joins conversations,
 * and reads events with their trailing offset. Closing it ends the TCP connection without a
 * DISCONNECT or a close frame: to the server, a connection that dropped.
 *
 * <pre>{@code
 * try (RawSioClient alice = RawSioClient.connect(port, token, null, null)) {
 *     alice.join("c1");
 *     RawSioClient.Event e = alice.nextEvent("tick");     // e.args(), e.offset()
 * }
 * }</pre>
 */
public final class RawSioClient implements AutoCloseable {

    /** How long one wait may last before the test fails. */
    public static final Duration AWAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A received event: its name, its arguments, and the offset recovery appended (or null). */
    public record Event(String name, JsonNode args, String offset) {
        /** The first argument (the payload). */
        public JsonNode payload() {
            return args.get(1);
        }
    }

    private final RawWebSocket ws;
    private final JsonNode connectReply;

    private RawSioClient(RawWebSocket ws, JsonNode connectReply) {
        this.ws = ws;
        this.connectReply = connectReply;
    }

    /**
     * Opens a WebSocket session and connects the main namespace; {@code pid} and {@code offset}
     * (both or neither) ask to recover.
     */
    public static RawSioClient connect(int port, String token, String pid, String offset) {
        RawWebSocket ws = RawWebSocket.open(port, "EIO=4&transport=websocket");
        try {
            assertTrue(ws.nextText(AWAIT).startsWith("0{"));
            String auth = "{\"token\":\"" + token + "\""
                    + (pid == null ? "" : ",\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"") + "}";
            ws.sendText("40" + auth);
            String reply = ws.nextTextAnsweringPings(AWAIT);
            assertTrue(reply.startsWith("40{"), reply);
            return new RawSioClient(ws, JSON.readTree(reply.substring(2)));
        } catch (IOException e) {
            ws.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    /** The socket id of the CONNECT reply. */
    public String sid() {
        return connectReply.path("sid").asText(null);
    }

    /** The pid of the CONNECT reply (null when recovery is off). */
    public String pid() {
        return connectReply.path("pid").asText(null);
    }

    /** Joins a conversation and waits for its successful ack (events before the ack are skipped). */
    public void join(String conversationId) {
        ws.sendText("4299[\"join_conversation\",{\"conversationId\":\"" + conversationId + "\"}]");
        String[] ack = new String[1];
        ws.readTextsUntil(AWAIT, text -> (ack[0] = text).startsWith("4399["));
        assertTrue(ack[0].startsWith("4399[{\"ok\":true"), ack[0]);
    }

    /** The next event called {@code name} (other packets are skipped, pings answered). */
    public Event nextEvent(String name) {
        Event[] found = new Event[1];
        readEvents(name, event -> {
            found[0] = event;
            return true;
        });
        return found[0];
    }

    /** Hands each event called {@code name} to {@code stop} until it returns true. */
    public void readEvents(String name, Predicate<Event> stop) {
        String prefix = "42[\"" + name + "\"";
        ws.readTextsUntil(AWAIT, text -> {
            if (!text.startsWith(prefix)) {
                return false;
            }
            try {
                JsonNode args = JSON.readTree(text.substring(2));
                JsonNode last = args.get(args.size() - 1);
                String offset = args.size() > 2 && last.isTextual() ? last.asText() : null;
                return stop.test(new Event(name, args, offset));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        });
    }

    /** Ends the TCP connection abruptly: no DISCONNECT packet, no WebSocket close frame. */
    @Override
    public void close() {
        ws.close();
    }
}
