package dev.syncio.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.EventHandler;
import dev.syncio.SyncException;
import dev.syncio.protocol.SioPacket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a client event on the socket's callback thread: rate limit, then the built-in handler or
 * the host's. An unknown event, a refused or a failing one never costs the connection: the client
 * gets an error ack when it asked for one, and the event is logged otherwise.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final SocketLayer layer;
    private final BuiltInEvents builtIns;

    Dispatcher(SocketLayer layer) {
        this.layer = layer;
        this.builtIns = new BuiltInEvents(layer);
    }

    void dispatch(SocketImpl socket, SioPacket packet) {
        if (!socket.connected()) {
            return; // refused or gone while the event waited
        }
        layer.counters().eventIn();
        JsonNode data = packet.data();
        String event = data.get(0).asText();
        EventContextImpl context = new EventContextImpl(socket, event, data, packet.ackId(), layer);
        if (!socket.rateLimiter().tryAcquire(event)) {
            refuse(socket, context, new SyncException(dev.syncio.ErrorCode.RATE_LIMITED,
                    "too many events; slow down"));
            return;
        }
        try {
            if (builtIns.handle(socket, context, data.get(1))) {
                return;
            }
            EventHandler handler = socket.namespaceImpl().handler(event);
            if (handler == null) {
                refuse(socket, context, new SyncException(dev.syncio.ErrorCode.UNKNOWN_EVENT,
                        "no handler for event '" + event + "'"));
                return;
            }
            handler.handle(context);
        } catch (SyncException e) {
            refuse(socket, context, e);
        } catch (Exception e) {
            String ref = Long.toHexString(ThreadLocalRandom.current().nextLong());
            log.error("handler for '{}' failed for socket {} of user {} [ref {}]", event, socket.id(),
                    socket.principal().userId(), ref, e);
            context.ack(error("internal", "internal error (ref " + ref + ")"));
        }
    }

    private static void refuse(SocketImpl socket, EventContextImpl context, SyncException e) {
        if (context.ackRequested()) {
            context.ack(error(e.code().wireValue(), e.getMessage()));
        } else {
            log.debug("dropped '{}' from socket {}: {} ({})", context.event(), socket.id(), e.code().wireValue(),
                    e.getMessage());
        }
    }

    /** The error ack of the wire contract: {@code {ok:false, error:{code, message}}}. */
    static Map<String, Object> error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("ok", false);
        ack.put("error", error);
        return ack;
    }
}
