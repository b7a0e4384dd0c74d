package dev.syncio.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where outgoing Socket.IO packets are turned into wire text. Encoding happens once
 * per emit; the resulting {@link EncodedPacket} is shared by every socket it is written to.
 */
public final class SioEncoder {

    private final ObjectMapper mapper;
    /** The same settings, with binary values written as placeholders (see {@link PlaceholderSerializer}). */
    private final ObjectMapper direct;

    public SioEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
        this.direct = mapper.copy().registerModule(new SimpleModule("syncio-binary-placeholders")
                .addSerializer(byte[].class, new PlaceholderSerializer<>(byte[].class, bytes -> bytes))
                .addSerializer(ByteBuffer.class, new PlaceholderSerializer<>(ByteBuffer.class, buffer -> {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.duplicate().get(bytes);
                    return bytes;
                })));
    }

    /** An event {@code [name, ...args]}; binary args become attachments. */
    public EncodedPacket event(String namespace, String name, List<?> args, long ackId) {
        if (!hasTree(args)) {
            List<Object> array = new ArrayList<>(args.size() + 1);
            array.add(name);
            array.addAll(args);
            return encodeDirect(SioPacketType.EVENT, namespace, ackId, array);
        }
        ArrayNode array = mapper.createArrayNode();
        array.add(name);
        for (Object arg : args) {
            array.add(toTree(arg));
        }
        return encode(SioPacketType.EVENT, namespace, ackId, array);
    }

    /** An acknowledgement of the client's packet {@code ackId}. */
    public EncodedPacket ack(String namespace, long ackId, List<?> args) {
        if (!hasTree(args)) {
            return encodeDirect(SioPacketType.ACK, namespace, ackId, args);
        }
        ArrayNode array = mapper.createArrayNode();
        for (Object arg : args) {
            array.add(toTree(arg));
        }
        return encode(SioPacketType.ACK, namespace, ackId, array);
    }

    /** The CONNECT reply, {@code 40{"sid":...}} plus any extra fields. */
    public EncodedPacket connect(String namespace, JsonNode payload) {
        return encode(SioPacketType.CONNECT, namespace, -1, payload);
    }

    /** A CONNECT_ERROR, {@code 44{"message":...,"data":...}}. */
    public EncodedPacket connectError(String namespace, JsonNode payload) {
        return encode(SioPacketType.CONNECT_ERROR, namespace, -1, payload);
    }

    /** A server-side namespace disconnect, {@code 41}. */
    public EncodedPacket disconnect(String namespace) {
        return encode(SioPacketType.DISCONNECT, namespace, -1, null);
    }

    /** Arguments given as JSON trees (which may hold binary nodes) take the tree path. */
    private static boolean hasTree(List<?> args) {
        for (Object arg : args) {
            if (arg instanceof JsonNode) {
                return true;
            }
        }
        return false;
    }

    /**
     * Encodes the data array in one pass: Jackson writes the values straight to text, binary values
     * as placeholders collected as attachments. Measured (JMH, docs/performance.md) at about half
     * the time and allocation of building a tree first.
     */
    private EncodedPacket encodeDirect(SioPacketType type, String namespace, long ackId, List<?> data) {
        List<byte[]> attachments = new ArrayList<>(0);
        String json;
        PlaceholderSerializer.ATTACHMENTS.set(attachments);
        try {
            json = direct.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload cannot be serialised as JSON: " + e.getOriginalMessage(), e);
        } finally {
            PlaceholderSerializer.ATTACHMENTS.remove();
        }
        return new EncodedPacket(header(type, namespace, ackId, attachments.size()).append(json).toString(), attachments);
    }

    private JsonNode toTree(Object arg) {
        if (arg instanceof JsonNode node) {
            return node.deepCopy();
        }
        if (arg instanceof java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            arg = bytes;
        }
        return mapper.valueToTree(arg);
    }

    private EncodedPacket encode(SioPacketType type, String namespace, long ackId, JsonNode data) {
        List<byte[]> attachments = data == null ? List.of() : BinaryPlaceholders.deconstruct(data);
        StringBuilder text = header(type, namespace, ackId, attachments.size());
        if (data != null) {
            try {
                text.append(mapper.writeValueAsString(data));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("payload cannot be serialised as JSON: " + e.getOriginalMessage(), e);
            }
        }
        return new EncodedPacket(text.toString(), attachments);
    }

    /** The packet's type (binary when it has attachments), attachment count, namespace and ack id. */
    private static StringBuilder header(SioPacketType type, String namespace, long ackId, int attachments) {
        SioPacketType wireType = type;
        if (attachments > 0) {
            wireType = type == SioPacketType.ACK ? SioPacketType.BINARY_ACK : SioPacketType.BINARY_EVENT;
        }
        StringBuilder text = new StringBuilder(64);
        text.append(wireType.wire());
        if (attachments > 0) {
            text.append(attachments).append('-');
        }
        if (!"/".equals(namespace)) {
            text.append(namespace).append(',');
        }
        if (ackId >= 0) {
            text.append(ackId);
        }
        return text;
    }
}
