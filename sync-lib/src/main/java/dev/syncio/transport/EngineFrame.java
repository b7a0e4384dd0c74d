package dev.syncio.transport;

import dev.syncio.protocol.EncodedPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One Engine.IO message (or control packet) encoded once, ready for any number of sessions: the
 * text packet's UTF-8 bytes ({@code 4} + Socket.IO text) and the raw binary attachments that
 * follow it. Immutable. Every recipient writes a duplicate of the same bytes; nothing is copied,
 * re-encoded or locked per recipient. The buffers live on the heap and are never released (the
 * garbage collector frees them), so a frame can sit in any number of queues without reference
 * counting. Internal: not part of syncio's API.
 */
public final class EngineFrame {

    static final EngineFrame PING = control("2");
    static final EngineFrame NOOP = control("6");
    static final EngineFrame CLOSE = control("1");
    static final EngineFrame PROBE_PONG = control("3probe");

    private final ByteBuf text;
    private final List<ByteBuf> binaries;
    private final int size;
    /** The binaries as polling records ({@code b} + base64), made on first use by a polling session. */
    private volatile List<ByteBuf> pollingBinaries;

    private EngineFrame(ByteBuf text, List<ByteBuf> binaries) {
        this.text = text;
        this.binaries = binaries;
        int bytes = text == null ? 0 : text.readableBytes();
        for (ByteBuf binary : binaries) {
            bytes += binary.readableBytes();
        }
        this.size = bytes;
    }

    /** A Socket.IO packet and its attachments as one unit, so they are never interleaved with another. */
    public static EngineFrame message(EncodedPacket packet) {
        List<ByteBuf> binaries = new ArrayList<>(packet.attachments().size());
        for (byte[] attachment : packet.attachments()) {
            binaries.add(shared(attachment));
        }
        return new EngineFrame(shared(("4" + packet.text()).getBytes(StandardCharsets.UTF_8)), List.copyOf(binaries));
    }

    /** A raw Engine.IO message ({@code 4} + text). */
    static EngineFrame text(String message) {
        return control("4" + message);
    }

    /** A raw Engine.IO binary message. */
    static EngineFrame binary(byte[] data) {
        return new EngineFrame(null, List.of(shared(data)));
    }

    /** An Engine.IO packet given whole, e.g. {@code 2} (ping) or {@code 0{...}} (open). */
    static EngineFrame control(String packet) {
        return new EngineFrame(shared(packet.getBytes(StandardCharsets.UTF_8)), List.of());
    }

    private static ByteBuf shared(byte[] bytes) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes));
    }

    /** The text packet's bytes (a fresh view), or null for a lone binary message. */
    ByteBuf text() {
        return text == null ? null : text.duplicate();
    }

    /** The binary attachments (fresh views). */
    List<ByteBuf> binaries() {
        if (binaries.isEmpty()) {
            return List.of();
        }
        List<ByteBuf> views = new ArrayList<>(binaries.size());
        for (ByteBuf binary : binaries) {
            views.add(binary.duplicate());
        }
        return views;
    }

    /** The binary attachments as polling records: {@code b} + base64, encoded once per frame. */
    List<ByteBuf> pollingBinaries() {
        List<ByteBuf> records = pollingBinaries;
        if (records == null) {
            List<ByteBuf> made = new ArrayList<>(binaries.size());
            for (ByteBuf binary : binaries) {
                byte[] raw = new byte[binary.readableBytes()];
                binary.getBytes(binary.readerIndex(), raw);
                made.add(shared(("b" + Base64.getEncoder().encodeToString(raw)).getBytes(StandardCharsets.US_ASCII)));
            }
            records = List.copyOf(made);
            pollingBinaries = records;
        }
        List<ByteBuf> views = new ArrayList<>(records.size());
        for (ByteBuf record : records) {
            views.add(record.duplicate());
        }
        return views;
    }

    /** Bytes counted against a session's buffer bound. */
    int size() {
        return size;
    }
}
