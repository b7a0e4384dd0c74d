package dev.syncio.metrics;

import dev.syncio.ErrorCode;
import dev.syncio.auth.RefusalCode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts kept for meters only (by event name, by code), besides those of
 * {@code SyncServer.stats()}. Plain Java: a server without a MeterRegistry keeps them too (a few
 * map look-ups per event) and never loads Micrometer. Internal: not part of syncio's API.
 */
public final class Counts {

    /** The tag value of an event without a handler, and of a code syncio does not define. */
    public static final String OTHER = "other";
    private static final Set<String> CODES = knownCodes();

    private final KeyedCounts eventsIn = new KeyedCounts();
    private final KeyedCounts errorAcks = new KeyedCounts();
    private final KeyedCounts refusedHandshakes = new KeyedCounts();
    private final LongAdder acks = new LongAdder();

    /** A client event reached dispatch; {@code name} is its name when known, else {@link #OTHER}. */
    public void eventIn(String name) {
        eventsIn.increment(name);
    }

    /** An ack was written with these arguments: an error ack ({@code {ok:false, error:{code}}}) counts by code. */
    public void ack(List<Object> args) {
        acks.increment();
        if (args.size() == 1 && args.get(0) instanceof Map<?, ?> ack && Boolean.FALSE.equals(ack.get("ok"))) {
            Object code = ack.get("error") instanceof Map<?, ?> error ? error.get("code") : null;
            errorAcks.increment(code instanceof String c && CODES.contains(c) ? c : OTHER);
        }
    }

    /** A CONNECT was refused for its token, with a {@link RefusalCode}'s wire value. */
    public void refusedHandshake(String code) {
        refusedHandshakes.increment(CODES.contains(code) ? code : OTHER);
    }

    public KeyedCounts eventsIn() {
        return eventsIn;
    }

    public KeyedCounts errorAcks() {
        return errorAcks;
    }

    public KeyedCounts refusedHandshakes() {
        return refusedHandshakes;
    }

    /** Acks written since start, errors included. */
    public long acks() {
        return acks.sum();
    }

    private static Set<String> knownCodes() {
        Set<String> codes = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            codes.add(code.wireValue());
        }
        for (RefusalCode code : RefusalCode.values()) {
            codes.add(code.wireValue());
        }
        return Set.copyOf(codes);
    }
}
