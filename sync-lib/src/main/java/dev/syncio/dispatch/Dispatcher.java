package dev.syncio.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.ErrorCode;
import dev.syncio.EventHandler;
import dev.syncio.SyncException;
import dev.syncio.metrics.Counts;
import dev.syncio.protocol.SioEncoder;
import dev.syncio.protocol.SioPacket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a client event on the socket's callback thread: the built-in handler or the host's (the
 * rate limit was applied before the event was queued, on the event loop: see {@link RateLimiter}). An unknown event, a refused or a failing one never costs the connection: the client
 * gets an error ack when it asked for one, and the event is logged otherwise.
 *
 * @param <S> the socket type
 */
public final class Dispatcher<S extends EventSocket> {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final BuiltIns<S> builtIns;
    private final ObjectMapper mapper;
    private final SioEncoder encoder;
    private final Consumer<String> eventIn;
    private final Consumer<List<Object>> acked;

    /**
     * @param builtIns the events syncio handles itself
     * @param mapper   binds arguments for host handlers
     * @param encoder  encodes acks
     * @param eventIn  counts each event handled, by its name when it has a handler (built-in or the
     *                 host's), else by {@link Counts#OTHER}: a client cannot make up counted names
     * @param acked    told the arguments of each ack written
     */
    public Dispatcher(BuiltIns<S> builtIns, ObjectMapper mapper, SioEncoder encoder, Consumer<String> eventIn,
                      Consumer<List<Object>> acked) {
        this.builtIns = builtIns;
        this.mapper = mapper;
        this.encoder = encoder;
        this.eventIn = eventIn;
        this.acked = acked;
    }

    /** Handles one event; the stage completes when its handling is done (at once for most). */
    public CompletionStage<?> dispatch(S socket, SioPacket packet) {
        if (!socket.connected()) {
            return DONE; // refused or gone while the event waited
        }
        JsonNode data = packet.data();
        String event = data.get(0).asText();
        boolean builtIn = builtIns.isBuiltIn(event);
        EventHandler handler = builtIn ? null : socket.handler(event);
        eventIn.accept(builtIn || handler != null ? event : Counts.OTHER);
        EventContextImpl context = new EventContextImpl(socket, event, data, packet.ackId(), mapper, encoder, acked);
        try {
            if (builtIn) {
                return builtIns.handle(socket, context).handle((result, error) -> {
                    if (error != null) {
                        fail(socket, context, error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error);
                    }
                    return null;
                });
            }
            if (handler == null) {
                refuse(socket, context, new SyncException(ErrorCode.UNKNOWN_EVENT, "no handler for event '" + event + "'"));
                return DONE;
            }
            handler.handle(context);
        } catch (Exception e) {
            fail(socket, context, e);
        }
        return DONE;
    }

    private static void fail(EventSocket socket, EventContextImpl context, Throwable error) {
        if (error instanceof SyncException e) {
            refuse(socket, context, e);
            return;
        }
        String ref = Long.toHexString(ThreadLocalRandom.current().nextLong());
        log.error("handler for '{}' failed for socket {} of user {} [ref {}]", context.event(), socket.id(),
                socket.principal().userId(), ref, error);
        context.ack(ErrorAcks.error("internal", "internal error (ref " + ref + ")"));
    }

    private static void refuse(EventSocket socket, EventContextImpl context, SyncException e) {
        if (context.ackRequested()) {
            context.ack(ErrorAcks.error(e.code().wireValue(), e.getMessage()));
        } else {
            log.debug("dropped '{}' from socket {}: {} ({})", context.event(), socket.id(), e.code().wireValue(),
                    e.getMessage());
        }
    }
}
