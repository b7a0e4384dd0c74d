package dev.syncio.it.bench.load;

/**
 * The few Socket.IO v5 packets the generator writes, and a cheap reader for {@code message:new}.
 * Parsing is by search, not a JSON parser: one delivery costs the generator a few hundred
 * nanoseconds, which keeps it from being the bottleneck at 100,000 deliveries per second.
 */
final class Frames {

    static final String PING = "2";
    static final String PONG = "3";
    static final String MESSAGE_NEW_PREFIX = "42[\"message:new\"";
    /** Ack ids the generator uses: 0 for the join, 1 for the stats request. */
    static final int JOIN_ACK = 0;
    static final int STATS_ACK = 1;

    private static final String TEXT_KEY = "\"text\":\"k";
    private static final String SENT_AT_KEY = "\"sentAt\":";

    private Frames() {
    }

    static String connect(String token) {
        return "40{\"token\":\"" + token + "\"}";
    }

    static String join(String conversationId) {
        return "42" + JOIN_ACK + "[\"join_conversation\",{\"conversationId\":\"" + conversationId + "\"}]";
    }

    static String stats() {
        return "42" + STATS_ACK + "[\"bench:stats\",{}]";
    }

    /** {@code send_message} without an ack: the delivery to the sender's own socket is its confirmation. */
    static String send(String conversationId, int messageIndex, long sentAtNanos) {
        return "42[\"send_message\",{\"conversationId\":\"" + conversationId + "\",\"text\":\"k" + messageIndex
                + "\",\"sentAt\":" + sentAtNanos + "}]";
    }

    /** The message number in a {@code message:new} frame, or -1. */
    static int messageIndex(String frame) {
        int at = frame.indexOf(TEXT_KEY);
        return at < 0 ? -1 : (int) digits(frame, at + TEXT_KEY.length());
    }

    /** The {@code sentAt} of a {@code message:new} frame, or -1. */
    static long sentAt(String frame) {
        int at = frame.indexOf(SENT_AT_KEY);
        return at < 0 ? -1 : digits(frame, at + SENT_AT_KEY.length());
    }

    /** A number field of an ack frame such as {@code 431[{"ok":true,"heapUsed":123}]}, or -1. */
    static long numberField(String frame, String name) {
        String key = "\"" + name + "\":";
        int at = frame.indexOf(key);
        return at < 0 ? -1 : digits(frame, at + key.length());
    }

    /** Decimal digits from {@code from} (an optional minus sign first); -1 if there are none. */
    private static long digits(String s, int from) {
        boolean negative = from < s.length() && s.charAt(from) == '-';
        int i = negative ? from + 1 : from;
        long value = 0;
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            i++;
        }
        if (i == start) {
            return -1;
        }
        return negative ? -value : value;
    }
}
