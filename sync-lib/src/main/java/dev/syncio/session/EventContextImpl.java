package dev.syncio.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.EventContext;
import dev.syncio.SyncSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** One received event; {@code data} is the packet's array, the event name at index 0. */
final class EventContextImpl implements EventContext {

    private final SocketImpl socket;
    private final String event;
    private final JsonNode data;
    private final long ackId;
    private final SocketLayer layer;
    private final AtomicBoolean acked = new AtomicBoolean();

    EventContextImpl(SocketImpl socket, String event, JsonNode data, long ackId, SocketLayer layer) {
        this.socket = socket;
        this.event = event;
        this.data = data;
        this.ackId = ackId;
        this.layer = layer;
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
            return layer.mapper().treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("argument " + index + " of '" + event + "' is not a "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The first argument as JSON, or null. */
    JsonNode payload() {
        return data.get(1);
    }

    @Override
    public boolean ackRequested() {
        return ackId >= 0;
    }

    @Override
    public void ack(Object... args) {
        if (ackId >= 0 && acked.compareAndSet(false, true)) {
            socket.send(layer.encoder().ack(socket.namespace(), ackId, java.util.Arrays.asList(args)));
        }
    }

    boolean acked() {
        return acked.get();
    }
}
