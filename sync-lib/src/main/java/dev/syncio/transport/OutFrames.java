package dev.syncio.transport;

import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.syncio.protocol.EncodedPacket;
import java.util.List;

/**
 * Engine.IO messages queued on a netty-socketio session as one unit, so that a Socket.IO packet
 * and its binary attachments are never interleaved with another packet. Immutable and shared by
 * every session the same event goes to.
 */
final class OutFrames extends Packet {

    private static final long serialVersionUID = 1L;

    /** The text message (without the {@code 4}), or null when the unit is a lone binary message. */
    private final String text;
    private final List<byte[]> binaries;

    private OutFrames(String text, List<byte[]> binaries) {
        super(PacketType.MESSAGE, EngineIOVersion.V4);
        this.text = text;
        this.binaries = binaries;
    }

    static OutFrames message(EncodedPacket packet) {
        return new OutFrames(packet.text(), packet.attachments());
    }

    static OutFrames text(String text) {
        return new OutFrames(text, List.of());
    }

    static OutFrames binary(byte[] data) {
        return new OutFrames(null, List.of(data));
    }

    String text() {
        return text;
    }

    List<byte[]> binaries() {
        return binaries;
    }
}
