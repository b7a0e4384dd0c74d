package dev.syncio.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * The one place where outgoing Socket.IO packets are turned into wire text. Encoding happens once
 * per emit; the resulting {@link EncodedPacket} is shared by every socket it is written to.
 */
public final class SioEncoder {

    private final ObjectMapper mapper;

    public SioEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An event {@code [name, ...args]}; binary args become attachments. */
    public EncodedPacket event(String namespace, String name, List<?> args, long ackId) {
        ArrayNode array = mapper.createArrayNode();
        array.add(name);
        for (Object arg : args) {
            array.add(toTree(arg));
        }
        return encode(SioPacketType.EVENT, namespace, ackId, array);
    }

    /** An acknowledgement of the client's packet {@code ackId}. */
    public EncodedPacket ack(String namespace, long ackId, List<?> args) {
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
        SioPacketType wireType = type;
        if (!attachments.isEmpty()) {
            wireType = type == SioPacketType.ACK ? SioPacketType.BINARY_ACK : SioPacketType.BINARY_EVENT;
        }
        StringBuilder text = new StringBuilder(64);
        text.append(wireType.wire());
        if (!attachments.isEmpty()) {
            text.append(attachments.size()).append('-');
        }
        if (!"/".equals(namespace)) {
            text.append(namespace).append(',');
        }
        if (ackId >= 0) {
            text.append(ackId);
        }
        if (data != null) {
            try {
                text.append(mapper.writeValueAsString(data));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("payload cannot be serialised as JSON: " + e.getOriginalMessage(), e);
            }
        }
        return new EncodedPacket(text.toString(), attachments);
    }
}
