package dev.syncio.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One decoded Socket.IO packet.
 *
 * @param type        packet type
 * @param namespace   namespace, {@code "/"} for the main one
 * @param ackId       ack id, or {@code -1} when none was sent
 * @param data        the JSON payload (array for events and acks, object or null for CONNECT)
 * @param attachments how many binary attachments follow (binary types only)
 */
public record SioPacket(SioPacketType type, String namespace, long ackId, JsonNode data, int attachments) {

    /** Whether the sender asked for an acknowledgement. */
    public boolean wantsAck() {
        return ackId >= 0;
    }
}
