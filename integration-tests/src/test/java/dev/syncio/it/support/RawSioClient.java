package dev.syncio.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A Socket.IO client spoken by hand over one {@link RawWebSocket}, so that a recovery test sees
 * every frame the server writes, in order: the CONNECT reply with its {@code pid}, each event with
 * or without its offset. Closing it drops the TCP connection without a goodbye, which the server
 * sees as a lost connection ({@code transport close}), the case recovery is for.
 */
public final class RawSioClient implements AutoCloseable {

    /** How long one wait may last before the test fails. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The data of a CONNECT reply: the socket id, the pid (null when the server sent none), every field's name. */
    public record Reply(String sid, String pid, Set<String> fields) {
    }

    /** A received event: its name and its arguments after the name. */
    public record Event(String name, List<JsonNode> args) {

        /** The first argument. */
        public JsonNode payload() {
            return args.get(0);
        }

        /** The offset the server appended, or null when the event carries none. */
        public String offset() {
            return args.size() == 2 && args.get(1).isTextual() ? args.get(1).asText() : null;
        }

        /** The payload's {@code id}. */
        public String id() {
            return payload().path("id").asText();
        }
    }

    /** The payload ids of these events, in order. */
    public static List<String> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }

    /** The payload ids of the events named {@code name}, in order (presence and others left out). */
    public static List<String> ids(List<Event> events, String name) {
        return ids(events.stream().filter(event -> event.name().equals(name)).toList());
    }

    private final RawWebSocket ws;
    /** Frames read while waiting for an ack, in the order they arrived. */
    private final Deque<String> unread = new ArrayDeque<>();
    private int nextAckId = 1;
    private Reply reply;

    private RawSioClient(RawWebSocket ws) {
        this.ws = ws;
    }

    /** An Engine.IO session over WebSocket, its open packet read; no namespace connected yet. */
    public static RawSioClient open(ChatServer chat) {
        return open(chat.server().port());
    }

    /** As {@link #open(ChatServer)}, to a server on {@code port} of loopback. */
    public static RawSioClient open(int port) {
        RawWebSocket ws = RawWebSocket.open(port, "EIO=4&transport=websocket");
        String open = ws.nextText(WAIT);
        if (!open.startsWith("0{")) {
            ws.close();
            throw new AssertionError("expected the Engine.IO open packet, got " + open);
        }
        return new RawSioClient(ws);
    }

    /** Connects the main namespace with this auth and returns the CONNECT reply's data; fails on anything else. */
    public static RawSioClient connect(ChatServer chat, Map<String, ?> auth) {
        return connect(chat.server().port(), auth);
    }

    /** As {@link #connect(ChatServer, Map)}, to a server on {@code port} of loopback. */
    public static RawSioClient connect(int port, Map<String, ?> auth) {
        RawSioClient client = open(port);
        try {
            client.connected(auth);
            return client;
        } catch (RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /** Sends the CONNECT with this auth and returns the server's next frame, whatever it is. */
    public String sendConnect(Map<String, ?> auth) {
        ws.sendText("40" + json(auth));
        return nextFrame();
    }

    /** Sends the CONNECT and returns the reply's data ({@code {sid, pid}}); fails unless it is a CONNECT reply. */
    public Reply connected(Map<String, ?> auth) {
        String answer = sendConnect(auth);
        if (!answer.startsWith("40{")) {
            throw new AssertionError("expected a CONNECT reply, got " + answer);
        }
        JsonNode data = parse(answer.substring(2));
        Set<String> fields = new TreeSet<>();
        data.fieldNames().forEachRemaining(fields::add);
        reply = new Reply(data.path("sid").asText(), data.hasNonNull("pid") ? data.get("pid").asText() : null, fields);
        return reply;
    }

    /** The data of the last CONNECT reply. */
    public Reply reply() {
        return reply;
    }

    /** Sends the namespace DISCONNECT ({@code 41}): the client leaves on purpose. */
    public void disconnectNamespace() {
        ws.sendText("41");
    }

    /** Emits {@code event} with one payload and an ack id; returns the ack's arguments. Events read meanwhile are kept. */
    public JsonNode call(String event, Map<String, ?> payload) {
        int id = nextAckId++;
        ws.sendText("42" + id + json(List.of(event, payload)));
        String prefix = "43" + id + "[";
        while (true) {
            String frame = ws.nextTextAnsweringPings(WAIT);
            if (frame.startsWith(prefix)) {
                return parse(frame.substring(prefix.length() - 1));
            }
            unread.add(frame);
        }
    }

    /** Joins a conversation; fails unless the ack says ok. */
    public void join(String conversationId) {
        JsonNode ack = call("join_conversation", Map.of("conversationId", conversationId)).path(0);
        if (!ack.path("ok").asBoolean()) {
            throw new AssertionError("join of " + conversationId + " refused: " + ack);
        }
    }

    /**
     * Every event the server wrote to this socket before it handled a {@code ping} sent now: a
     * socket's packets are handled in order, and its writes go out in order, so the ack of the
     * ping comes after every event queued for the socket before it (the replay included).
     * The {@code pong} event the ping causes is left out.
     */
    public List<Event> eventsSoFar() {
        call("ping", Map.of());
        List<Event> events = new ArrayList<>();
        for (String frame : unread) {
            if (!frame.startsWith("42[")) {
                throw new AssertionError("expected only events before the ack, got " + frame);
            }
            events.add(event(frame));
        }
        unread.clear();
        events.removeIf(event -> event.name().equals("pong"));
        return events;
    }

    /** The next event the server writes ({@code pong} skipped); fails on any other frame. */
    public Event nextEvent() {
        while (true) {
            String frame = nextFrame();
            if (!frame.startsWith("42[")) {
                throw new AssertionError("expected an event, got " + frame);
            }
            Event event = event(frame);
            if (!event.name().equals("pong")) {
                return event;
            }
        }
    }

    /** Reads events up to the one whose payload has this id and returns its offset (failing when it has none). */
    public String offsetOf(String id) {
        while (true) {
            Event event = nextEvent();
            if (id.equals(event.id())) {
                if (event.offset() == null) {
                    throw new AssertionError("a retained event without its offset: " + event);
                }
                return event.offset();
            }
        }
    }

    /** The next event called {@code name}; events of other names are skipped. */
    public Event nextEvent(String name) {
        while (true) {
            Event event = nextEvent();
            if (event.name().equals(name)) {
                return event;
            }
        }
    }

    /** Hands each event called {@code name} to {@code stop}, in order, until it returns true. */
    public void readEvents(String name, Predicate<Event> stop) {
        while (!stop.test(nextEvent(name))) {
            // the predicate records what it needs
        }
    }

    private static Event event(String frame) {
        JsonNode packet = parse(frame.substring(2));
        List<JsonNode> args = new ArrayList<>();
        for (int i = 1; i < packet.size(); i++) {
            args.add(packet.get(i));
        }
        return new Event(packet.path(0).asText(), args);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The next frame the server writes (Engine.IO pings answered and skipped). */
    public String nextFrame() {
        return unread.isEmpty() ? ws.nextTextAnsweringPings(WAIT) : unread.poll();
    }

    /** The underlying connection, to read raw frames. */
    public RawWebSocket webSocket() {
        return ws;
    }

    /** Drops the TCP connection: a network loss, not a goodbye. */
    @Override
    public void close() {
        ws.close();
    }
}
