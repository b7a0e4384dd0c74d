package dev.syncio.auth;

import java.util.Collection;
import java.util.StringJoiner;

/**
 * Renders values read from a token (sub, jti, iss, aud, alg, kid) for exception messages: quoted,
 * cut to a short length, with control, format and line-separator characters replaced, so a hostile
 * token cannot forge log lines or flood the logs.
 */
final class SafeText {

    static final int MAX_CHARS = 64;
    private static final int MAX_ITEMS = 5;

    private SafeText() {
    }

    /** {@code "value"}, or {@code none} for {@code null}. */
    static String quote(Object value) {
        if (value == null) {
            return "none";
        }
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 5).append('"');
        int shown = 0;
        int i = 0;
        while (i < text.length() && shown < MAX_CHARS) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            out.appendCodePoint(isPlain(cp) ? cp : '?');
            shown++;
        }
        if (i < text.length()) {
            out.append("...");
        }
        return out.append('"').toString();
    }

    /** {@code ["a", "b"]}, at most five items; a non-collection is quoted as a single value. */
    static String quoteAll(Object values) {
        if (!(values instanceof Collection<?> collection)) {
            return quote(values);
        }
        StringJoiner out = new StringJoiner(", ", "[", "]");
        int n = 0;
        for (Object value : collection) {
            if (n++ == MAX_ITEMS) {
                out.add("...");
                break;
            }
            out.add(quote(value));
        }
        return out.toString();
    }

    private static boolean isPlain(int cp) {
        if (cp == '"' || cp == '\\' || Character.isISOControl(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && type != Character.UNASSIGNED
                && type != Character.SURROGATE && type != Character.PRIVATE_USE;
    }
}
