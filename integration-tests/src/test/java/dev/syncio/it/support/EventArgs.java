package dev.syncio.it.support;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.json.JSONObject;

/**
 * The shape of a received event's arguments: one JSON object payload, followed by the offset that
 * connection state recovery appends to retained broadcasts ({@code message:*}, presence, host
 * emits to rooms), and by nothing else. Typing, direct socket emits and acks carry no offset.
 */
public final class EventArgs {

    /** An offset as the server writes it: a sequence number on one node, a Redis stream id in a cluster. */
    private static final Pattern OFFSET = Pattern.compile("\\d{1,19}(-\\d{1,19})?");

    private EventArgs() {
    }

    /** The JSON object payload; fails unless the arguments are {@code [payload]} or {@code [payload, offset]}. */
    public static JSONObject payload(Object[] args) {
        if (args.length < 1 || args.length > 2 || !(args[0] instanceof JSONObject json)
                || (args.length == 2 && !isOffset(args[1]))) {
            throw new AssertionError("expected a JSON object, optionally followed by an offset string, got "
                    + Arrays.toString(args));
        }
        return json;
    }

    /** The offset after the payload, or null when the event carries none; fails on any other shape. */
    public static String offset(Object[] args) {
        payload(args);
        return args.length == 2 ? (String) args[1] : null;
    }

    /** Whether {@code value} is a string of an offset's shape. */
    public static boolean isOffset(Object value) {
        return value instanceof String text && OFFSET.matcher(text).matches();
    }
}
