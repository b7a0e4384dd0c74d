package dev.syncio.emit;

import dev.syncio.protocol.EncodedPacket;

/**
 * Offsets in the bus's order, as clients see them: the last argument of every retained event, and
 * {@code auth.offset} when a client asks to recover. A Redis stream id ({@code 1733368000000-3}) in
 * a cluster, a sequence number ({@code 42}) on one node. Internal: not part of syncio's API.
 */
public final class Offsets {

    private Offsets() {
    }

    /**
     * The packet with {@code offset} appended as its last argument, the way socket.io's recovery
     * does: {@code 2["message:new",{...}]} becomes {@code 2["message:new",{...},"42"]}. One string
     * copy per broadcast and node, shared by every member socket.
     */
    public static EncodedPacket append(EncodedPacket packet, String offset) {
        String text = packet.text();
        // an event's text always ends with its argument array's ']'; offsets are digits and '-' only
        return new EncodedPacket(text.substring(0, text.length() - 1) + ",\"" + offset + "\"]", packet.attachments());
    }

    /** Whether {@code text} has the shape of an offset (a client may send anything as {@code auth.offset}). */
    public static boolean valid(Object text) {
        return text instanceof String s && parse(s) != null;
    }

    /** Orders two offsets of the same bus; a null offset (delivered locally during an outage) is not comparable. */
    public static int compare(String a, String b) {
        long[] x = parse(a);
        long[] y = parse(b);
        if (x == null || y == null) {
            throw new IllegalArgumentException("not an offset: " + (x == null ? a : b));
        }
        int high = Long.compare(x[0], y[0]);
        return high != 0 ? high : Long.compare(x[1], y[1]);
    }

    /** {@code [ms, seq]} for a stream id, {@code [0, n]} for a sequence number; null when malformed. */
    static long[] parse(String offset) {
        if (offset == null || offset.isEmpty() || offset.length() > 41) {
            return null;
        }
        int dash = offset.indexOf('-');
        try {
            if (dash < 0) {
                return digits(offset) ? new long[] {0, Long.parseLong(offset)} : null;
            }
            String high = offset.substring(0, dash);
            String low = offset.substring(dash + 1);
            return digits(high) && digits(low) ? new long[] {Long.parseLong(high), Long.parseLong(low)} : null;
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
