package dev.syncio.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * Writes binary values ({@code byte[]}, {@code ByteBuffer}) as Socket.IO placeholders
 * ({@code {"_placeholder":true,"num":n}}) while {@link SioEncoder} encodes a packet, collecting the
 * bytes as its attachments: binary events are encoded in one pass, without a JSON tree.
 */
final class PlaceholderSerializer<T> extends StdSerializer<T> {

    /** The attachments of the packet being encoded on this thread, or null outside an encoding. */
    static final ThreadLocal<List<byte[]>> ATTACHMENTS = new ThreadLocal<>();

    private final transient Function<T, byte[]> bytes;

    PlaceholderSerializer(Class<T> type, Function<T, byte[]> bytes) {
        super(type);
        this.bytes = bytes;
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        List<byte[]> attachments = ATTACHMENTS.get();
        if (attachments == null) {
            gen.writeBinary(bytes.apply(value)); // not a packet: Jackson's usual base64
            return;
        }
        gen.writeStartObject();
        gen.writeBooleanField("_placeholder", true);
        gen.writeNumberField("num", attachments.size());
        gen.writeEndObject();
        attachments.add(bytes.apply(value));
    }
}
