package dev.syncio.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * Parses the text of a Socket.IO packet ({@code <type>[<n>-][<nsp>,][<ackId>][<json>]}) and
 * rejects anything the protocol does not allow, the way the reference server does: an unknown
 * type, a payload of the wrong JSON shape, a non-numeric ack id, a reserved event name. Stricter
 * than the reference server where leniency only helps an attacker: ack ids and attachment counts
 * are ASCII digits only, the JSON payload must be exactly one value (nothing after it), and JSON
 * nesting deeper than {@link #MAX_NESTING_DEPTH} is refused while it is read.
 */
public final class SioParser {

    /** Event names a client may not emit (the reference server treats them as invalid). */
    private static final Set<String> RESERVED_EVENTS =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private static final int MAX_ATTACHMENTS = 100;

    /**
     * Deepest JSON nesting accepted in a packet's payload (arrays and objects, the event's own
     * array included); deeper payloads are refused before they are built into a tree.
     */
    public static final int MAX_NESTING_DEPTH = 32;

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public SioParser(ObjectMapper mapper) {
        this.mapper = mapper;
        // a factory of our own: the host's (or the shared wire) mapper keeps its own constraints
        this.factory = mapper.getFactory().copy().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    /** Parses one packet received from a client. */
    public SioPacket parse(String text) throws InvalidPacketException {
        if (text.isEmpty()) {
            throw new InvalidPacketException("empty packet");
        }
        SioPacketType type = SioPacketType.fromWire(text.charAt(0));
        if (type == null) {
            throw new InvalidPacketException("unknown packet type '" + printable(text.charAt(0)) + "'");
        }
        int i = 1;
        int attachments = 0;
        if (type.isBinary()) {
            int dash = text.indexOf('-', i);
            if (dash < 0 || dash == i) {
                throw new InvalidPacketException("binary packet without attachment count");
            }
            attachments = parseCount(text, i, dash);
            i = dash + 1;
        }
        String namespace = "/";
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        long ackId = -1;
        int digitsStart = i;
        while (i < text.length() && isAsciiDigit(text.charAt(i))) {
            i++;
        }
        if (i > digitsStart) {
            if (i - digitsStart > 15) {
                throw new InvalidPacketException("ack id too long");
            }
            ackId = Long.parseLong(text, digitsStart, i, 10);
        }
        JsonNode data = null;
        if (i < text.length()) {
            data = readJson(text.substring(i));
        }
        SioPacket packet = new SioPacket(type, namespace, ackId, data, attachments);
        validate(packet);
        return packet;
    }

    /** Exactly one JSON value, no deeper than {@link #MAX_NESTING_DEPTH}, with nothing after it. */
    private JsonNode readJson(String json) throws InvalidPacketException {
        try (JsonParser parser = factory.createParser(json)) {
            JsonNode node = mapper.readTree(parser);
            if (node == null) {
                throw new InvalidPacketException("payload is not valid JSON");
            }
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new InvalidPacketException("data after the JSON payload");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new InvalidPacketException("payload nested deeper than " + MAX_NESTING_DEPTH);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof StreamConstraintsException) {
                throw new InvalidPacketException("payload nested deeper than " + MAX_NESTING_DEPTH);
            }
            throw new InvalidPacketException("payload is not valid JSON");
        } catch (IOException e) {
            throw new InvalidPacketException("payload is not valid JSON");
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void validate(SioPacket p) throws InvalidPacketException {
        switch (p.type()) {
            case CONNECT -> {
                if (p.data() != null && !p.data().isObject()) {
                    throw new InvalidPacketException("CONNECT payload must be an object");
                }
                if (p.wantsAck()) {
                    throw new InvalidPacketException("CONNECT cannot carry an ack id");
                }
            }
            case DISCONNECT -> {
                if (p.data() != null || p.wantsAck()) {
                    throw new InvalidPacketException("DISCONNECT carries no payload");
                }
            }
            case EVENT, BINARY_EVENT -> {
                JsonNode d = p.data();
                if (d == null || !d.isArray() || d.isEmpty() || !d.get(0).isTextual()) {
                    throw new InvalidPacketException("EVENT payload must be an array starting with the event name");
                }
                if (RESERVED_EVENTS.contains(d.get(0).asText())) {
                    throw new InvalidPacketException("event name '" + d.get(0).asText() + "' is reserved");
                }
            }
            case ACK, BINARY_ACK -> {
                if (!p.wantsAck() || p.data() == null || !p.data().isArray()) {
                    throw new InvalidPacketException("ACK needs an ack id and an array payload");
                }
            }
            case CONNECT_ERROR -> throw new InvalidPacketException("CONNECT_ERROR is sent by servers only");
            default -> throw new InvalidPacketException("unexpected packet type");
        }
    }

    private static int parseCount(String text, int from, int to) throws InvalidPacketException {
        if (to - from > 3) {
            throw new InvalidPacketException("too many attachments");
        }
        for (int k = from; k < to; k++) {
            if (!isAsciiDigit(text.charAt(k))) {
                throw new InvalidPacketException("attachment count is not a number");
            }
        }
        int n = Integer.parseInt(text, from, to, 10);
        if (n < 1 || n > MAX_ATTACHMENTS) {
            throw new InvalidPacketException("attachment count out of range: " + n);
        }
        return n;
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
