package dev.syncio.protocol;

import java.util.List;

/**
 * A Socket.IO packet ready for the wire: its text (without the Engine.IO {@code 4} prefix) and
 * the binary attachments that follow it. Immutable; shared by every socket it is sent to.
 *
 * @param text        packet text, e.g. {@code 2["message:new",{...}]}
 * @param attachments binary attachments, sent as separate Engine.IO binary messages
 */
public record EncodedPacket(String text, List<byte[]> attachments) {

    public EncodedPacket {
        attachments = List.copyOf(attachments);
    }
}
