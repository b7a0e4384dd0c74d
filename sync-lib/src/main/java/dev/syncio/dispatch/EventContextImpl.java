package dev.syncio.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.EventContext;
import dev.syncio.SyncSocket;
import dev.syncio.protocol.JsonValues;
import dev.syncio.protocol.SioEncoder;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** One received event; {@code data} is the packet's array, the event name at index 0. */
public final class EventContextImpl implements EventContext {

    private final EventSocket socket;
    private final String event;
    private final JsonNode data;
    private final long ackId;
    private final ObjectMapper mapper;
    private final SioEncoder encoder;
    private final AtomicBoolean acked = new AtomicBoolean();
    private final java.util.function.Consumer<List<Object>> ackListener;

    EventContextImpl(EventSocket socket, String event, JsonNode data, long ackId, ObjectMapper mapper,
                     SioEncoder encoder, java.util.function.Consumer<List<Object>> ackListener) {
        this.ackListener = ackListener;
        this.socket = socket;
        this.event = event;
        this.data = data;
        this.ackId = ackId;
        this.mapper = mapper;
        this.encoder = encoder;
    }

    @Override
    public SyncSocket socket() {
        return socket;
    }

    @Override
    public String event() {
        return event;
    }

    @Override
    public List<Object> args() {
        return JsonValues.toJavaList(data, 1);
    }

    @Override
    public <T> T arg(int index, Class<T> type) {
        JsonNode node = data.get(index + 1);
        if (node == null) {
            throw new IllegalArgumentException("event '" + event + "' has no argument " + index);
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("argument " + index + " of '" + event + "' is not a "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The first argument as JSON, or null. */
    public JsonNode payload() {
        return data.get(1);
    }

    @Override
    public boolean ackRequested() {
        return ackId >= 0;
    }

    @Override
    public void ack(Object... args) {
        if (ackId >= 0 && acked.compareAndSet(false, true)) {
            List<Object> values = java.util.Arrays.asList(args);
            socket.send(encoder.ack(socket.namespace(), ackId, values));
            ackListener.accept(values);
        }
    }

    boolean acked() {
        return acked.get();
    }
}
