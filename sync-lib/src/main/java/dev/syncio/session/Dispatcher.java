package dev.syncio.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.EventHandler;
import dev.syncio.protocol.SioPacket;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a client event's handler on the socket's callback thread. An unknown event or a failing
 * handler never costs the connection: the client gets an error ack when it asked for one.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final SocketLayer layer;

    Dispatcher(SocketLayer layer) {
        this.layer = layer;
    }

    void dispatch(SocketImpl socket, SioPacket packet) {
        if (!socket.connected()) {
            return; // refused or gone while the event waited
        }
        layer.stats().eventIn();
        JsonNode data = packet.data();
        String event = data.get(0).asText();
        EventContextImpl context = new EventContextImpl(socket, event, data, packet.ackId(), layer);
        if (SessionExpiry.REFRESH_EVENT.equals(event)) {
            layer.expiry().refresh(context);
            return;
        }
        EventHandler handler = socket.namespaceImpl().handler(event);
        if (handler == null) {
            log.debug("socket {} sent unknown event '{}'", socket.id(), event);
            context.ack(error("unknown_event", "no handler for event '" + event + "'"));
            return;
        }
        try {
            handler.handle(context);
        } catch (Exception e) {
            String ref = Long.toHexString(ThreadLocalRandom.current().nextLong());
            log.error("handler for '{}' failed for socket {} of user {} [ref {}]", event, socket.id(),
                    socket.principal().userId(), ref, e);
            context.ack(error("internal", "internal error (ref " + ref + ")"));
        }
    }

    /** The error ack of the wire contract: {@code {ok:false, error:{code, message}}}. */
    static Map<String, Object> error(String code, String message) {
        return Map.of("ok", false, "error", Map.of("code", code, "message", message));
    }
}
