package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.Target;
import dev.syncio.protocol.EncodedPacket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link Broadcast} as the bytes of one stream entry, and back. Compact, because every node
 * reads every entry and the stream keeps thousands of them:
 * <pre>
 *   version (1 byte, = 2)
 *   flags   (1 byte: 1 = all, 2 = retained, 4 = a revocation)
 *   namespace                          string
 *   rooms, exceptSockets, exceptUsers  count, then that many strings
 *   leaveRoom                          string, only for a revocation
 *   packet text                        string
 *   attachments                        count, then that many byte strings
 * </pre>
 * A count or a length is an unsigned LEB128 varint; a string is its UTF-8 bytes with their length
 * first. Decoding trusts nothing: bytes come from Redis, which any process may write to, so every
 * length is checked against the bytes that remain before anything is allocated (garbage fails
 * with {@link IllegalArgumentException}, never with an OutOfMemoryError).
 */
final class BroadcastCodec {

    /** 2 since a revocation names the room it leaves (1 named a conversation id). */
    static final byte VERSION = 2;

    private static final int ALL = 1;
    private static final int RETAINED = 2;
    private static final int LEAVE = 4;

    private BroadcastCodec() {
    }

    static byte[] encode(Broadcast broadcast) {
        Target target = broadcast.target();
        EncodedPacket packet = broadcast.packet();
        Writer out = new Writer(64 + packet.text().length());
        out.writeByte(VERSION);
        out.writeByte((target.all() ? ALL : 0) | (broadcast.retained() ? RETAINED : 0)
                | (broadcast.leaveRoom() != null ? LEAVE : 0));
        out.writeString(target.namespace());
        out.writeStrings(target.rooms());
        out.writeStrings(target.exceptSockets());
        out.writeStrings(target.exceptUsers());
        if (broadcast.leaveRoom() != null) {
            out.writeString(broadcast.leaveRoom());
        }
        out.writeString(packet.text());
        out.writeVarint(packet.attachments().size());
        for (byte[] attachment : packet.attachments()) {
            out.writeBytes(attachment);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException if {@code bytes} is not a broadcast this version can read */
    static Broadcast decode(byte[] bytes) {
        Reader in = new Reader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown broadcast version " + version + " (this node reads " + VERSION + ")");
        }
        int flags = in.readByte();
        if ((flags & ~(ALL | RETAINED | LEAVE)) != 0) {
            throw new IllegalArgumentException("malformed broadcast: unknown flags " + flags);
        }
        String namespace = in.readString();
        Set<String> rooms = in.readStrings();
        Set<String> exceptSockets = in.readStrings();
        Set<String> exceptUsers = in.readStrings();
        String leaveRoom = (flags & LEAVE) != 0 ? in.readString() : null;
        String text = in.readString();
        int count = in.readCount();
        List<byte[]> attachments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            attachments.add(in.readBytes());
        }
        if (in.remaining() != 0) {
            throw new IllegalArgumentException("malformed broadcast: " + in.remaining() + " bytes after its end");
        }
        Target target = new Target(namespace, rooms, (flags & ALL) != 0, exceptSockets, exceptUsers);
        return new Broadcast(target, new EncodedPacket(text, attachments), (flags & RETAINED) != 0, leaveRoom);
    }

    private static final class Writer {
        private byte[] buffer;
        private int size;

        Writer(int capacity) {
            buffer = new byte[capacity];
        }

        void writeByte(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        void writeVarint(int value) {
            ensure(5);
            int v = value;
            while ((v & ~0x7F) != 0) {
                buffer[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buffer[size++] = (byte) v;
        }

        void writeBytes(byte[] bytes) {
            writeVarint(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void writeString(String s) {
            writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void writeStrings(Collection<String> strings) {
            writeVarint(strings.size());
            for (String s : strings) {
                writeString(s);
            }
        }

        private void ensure(int more) {
            if (buffer.length - size < more) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - position;
        }

        int readByte() {
            if (remaining() < 1) {
                throw truncated();
            }
            return bytes[position++] & 0xFF;
        }

        private int readVarint() {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = readByte();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (value < 0 || (shift == 28 && b > 0x07)) {
                        throw new IllegalArgumentException("malformed broadcast: length out of range");
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed broadcast: varint longer than 5 bytes");
        }

        /** A length of that many bytes, which must all still be there. */
        int readLength() {
            int length = readVarint();
            if (length > remaining()) {
                throw truncated();
            }
            return length;
        }

        /** A number of elements, each of which takes at least one byte. */
        int readCount() {
            return readLength();
        }

        byte[] readBytes() {
            int length = readLength();
            byte[] out = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return out;
        }

        String readString() {
            int length = readLength();
            String s = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        Set<String> readStrings() {
            int count = readCount();
            Set<String> out = new HashSet<>(Math.min(count, 16) * 2);
            for (int i = 0; i < count; i++) {
                out.add(readString());
            }
            return out;
        }

        private IllegalArgumentException truncated() {
            return new IllegalArgumentException("malformed broadcast: truncated at byte " + position + " of " + bytes.length);
        }
    }
}
