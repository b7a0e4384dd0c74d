package dev.syncio.it.abuse;

import dev.syncio.it.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The malformed input of {@link ProtocolFuzzTest}: case {@code i} of a seed is always the same
 * input (its own {@link Random} is derived from the seed and {@code i}), whichever thread runs it.
 * Kinds take turns by index, so every kind (and every limit it aims at) comes up within the first
 * few dozen cases; their content is random.
 */
final class FuzzCases {

    enum Transport { WEBSOCKET, POLLING }

    /**
     * One case: a session on {@code transport}, CONNECTed first with a valid token of a user who
     * is a member of nothing when {@code connectFirst}, then {@code frames}: a String is a text
     * frame (polling: packets joined by the record separator), a byte[] a binary frame (polling:
     * the raw POST body).
     */
    record Case(long seed, int index, String kind, Transport transport, boolean connectFirst, List<Object> frames) {

        /** Everything needed to reproduce it, shortened. */
        String describe() {
            StringBuilder text = new StringBuilder("seed=").append(seed).append(" case=").append(index)
                    .append(" kind=").append(kind).append(" transport=").append(transport)
                    .append(" connectFirst=").append(connectFirst).append(" frames=[");
            for (Object frame : frames) {
                String shown = frame instanceof byte[] bytes ? "bytes(" + bytes.length + ")" : (String) frame;
                text.append(shown.length() > 300 ? shown.substring(0, 300) + "...(" + shown.length() + " chars)" : shown)
                        .append(" | ");
            }
            return text.append(']').toString();
        }
    }

    /** Not "mallory": {@link Tokens#tampered} rewrites the subject to mallory, a no-op on her own token. */
    static final String USER = "eve";
    private static final String TOKEN = Tokens.hs256(USER);

    /** Valid packets (Engine.IO type first) that the mutations start from. */
    private static final List<String> CORPUS = List.of(
            "40", "40{\"token\":\"" + TOKEN + "\"}", "41", "2", "3", "5", "6", "1", "2probe", "4hello",
            "42[\"send_message\",{\"conversationId\":\"c1\",\"text\":\"hi\"}]",
            "421[\"join_conversation\",{\"conversationId\":\"c1\"}]",
            "42[\"typing:start\",{\"conversationId\":\"c1\"}]",
            "431[{\"ok\":true}]",
            "451-[\"send_message\",{\"_placeholder\":true,\"num\":0}]",
            "461-[{\"_placeholder\":true,\"num\":0}]",
            "40/admin,{}", "42/chat,7[\"x\"]", "44{\"message\":\"no\"}");

    private static final String[] KINDS = {
        "engine-type", "sio-type", "truncated", "mutated", "garbage-json", "huge-ack", "non-ascii-digits",
        "deep-nesting", "placeholder", "unannounced-binary", "attachments-not-connected", "attachments",
        "bad-token", "wrong-namespace", "packets-per-post", "random-bytes",
    };
    private static final String INTERESTING = "[]{}\",:-0123456789/_\\ \u0000\u0661\uFF11\uD83D\u00e9\u001e";

    private FuzzCases() {
    }

    static Case generate(long seed, int index) {
        Random r = new Random(seed * 1_000_003L + index);
        String kind = index % 200 == 199 ? "oversized" : KINDS[index % KINDS.length];
        Transport transport = r.nextBoolean() ? Transport.WEBSOCKET : Transport.POLLING;
        boolean connect = r.nextBoolean();
        List<Object> frames = new ArrayList<>();
        switch (kind) {
            case "engine-type" -> frames.add(pick(r, "0123456789xb") + garbage(r, r.nextInt(40)));
            case "sio-type" -> frames.add("4" + pick(r, "0123456789a-") + (r.nextBoolean() ? "/" + garbage(r, 5) + "," : "")
                    + (r.nextBoolean() ? Long.toString(r.nextLong()) : "") + garbage(r, r.nextInt(30)));
            case "truncated" -> {
                String packet = pick(r, CORPUS);
                frames.add(packet.substring(0, r.nextInt(packet.length() + 1)));
            }
            case "mutated" -> frames.add(mutate(r, pick(r, CORPUS)));
            case "garbage-json" -> frames.add("42" + garbage(r, 1 + r.nextInt(80)));
            case "huge-ack" -> frames.add("4" + pick(r, "2356") + digits(r, 10 + r.nextInt(400))
                    + (r.nextBoolean() ? "-" : "") + "[\"m\"]");
            case "non-ascii-digits" -> frames.add("4" + pick(r, "2356") + pick(r, "\u0661\u0662", "\uFF11\uFF12", "1\u0663", "\u0967")
                    + (r.nextBoolean() ? "-" : "") + "[\"m\",{\"_placeholder\":true,\"num\":0}]");
            case "deep-nesting" -> {
                int depth = 30 + r.nextInt(r.nextBoolean() ? 10 : 5000);
                String open = r.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                frames.add("42[\"m\"," + open.repeat(depth) + "1" + close.repeat(r.nextInt(5) == 0 ? depth / 2 : depth) + "]");
            }
            case "placeholder" -> {
                connect = true;
                String num = pick(r, "-1", "1", "1.5", "1e0", "\"0\"", "99999999999999999999", "null", "true", "0");
                String flag = pick(r, "true", "\"true\"", "1", "false");
                frames.add("4" + pick(r, "56") + (1 + r.nextInt(2)) + "-[\"m\",{\"_placeholder\":" + flag + ",\"num\":" + num + "}]");
                binaryFrames(r, frames, transport, r.nextInt(3));
            }
            case "unannounced-binary" -> {
                transport = Transport.WEBSOCKET;
                binaryFrames(r, frames, transport, 1 + r.nextInt(3));
            }
            case "attachments-not-connected" -> {
                transport = Transport.WEBSOCKET;
                connect = false;
                frames.add("40{\"token\":\"bad\"}");
                frames.add("451-[\"m\",{\"_placeholder\":true,\"num\":0}]");
                binaryFrames(r, frames, transport, 1);
            }
            case "attachments" -> {
                connect = true;
                frames.add("45" + (11 + r.nextInt(r.nextBoolean() ? 90 : 1000)) + "-[\"m\",{\"_placeholder\":true,\"num\":0}]");
            }
            case "bad-token" -> {
                // WebSocket only: the case waits for the server to close the session after the 5th refusal
                transport = Transport.WEBSOCKET;
                connect = false;
                for (int i = 0; i < 6; i++) {
                    frames.add("40{\"token\":\"" + pick(r, Tokens.malformed(), Tokens.expiredHs256(USER), Tokens.algNone(USER),
                            Tokens.tamperedHs256(USER), Tokens.otherSecretHs256(USER), garbage(r, 20).replace("\"", "")) + "\"}");
                }
            }
            case "wrong-namespace" -> {
                for (int i = 0; i < 1 + r.nextInt(7); i++) {
                    frames.add("4" + pick(r, "0", "0", "2", "1") + "/" + pick(r, "nope", "admin", garbage(r, 6).replace(",", ""))
                            + "," + pick(r, "{}", "[\"m\"]", "{\"token\":\"" + TOKEN + "\"}"));
                }
            }
            case "packets-per-post" -> {
                transport = Transport.POLLING;
                int count = 1001 + r.nextInt(2000);
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    body.append(i == 0 ? "" : "\u001e").append(pick(r, "6", "3", "42[\"m\"]"));
                }
                frames.add(body.toString());
            }
            case "random-bytes" -> {
                byte[] bytes = new byte[1 + r.nextInt(2000)];
                r.nextBytes(bytes);
                frames.add(r.nextBoolean() ? bytes : new String(bytes, StandardCharsets.ISO_8859_1));
            }
            case "oversized" -> frames.add("42[\"m\",\"" + "x".repeat(1_048_576 + r.nextInt(100_000)) + "\"]");
            default -> throw new IllegalStateException(kind);
        }
        return new Case(seed, index, kind, transport, connect, frames);
    }

    private static void binaryFrames(Random r, List<Object> frames, Transport transport, int count) {
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[r.nextInt(600)];
            r.nextBytes(bytes);
            // polling carries binary as a base64 message ("b..."); a WebSocket as a binary frame
            frames.add(transport == Transport.WEBSOCKET ? bytes : "b" + java.util.Base64.getEncoder().encodeToString(bytes));
        }
    }

    private static String mutate(Random r, String packet) {
        StringBuilder text = new StringBuilder(packet);
        for (int m = 0; m < 1 + r.nextInt(4); m++) {
            int at = text.length() == 0 ? 0 : r.nextInt(text.length());
            switch (r.nextInt(4)) {
                case 0 -> { if (text.length() > 0) text.setCharAt(at, INTERESTING.charAt(r.nextInt(INTERESTING.length()))); }
                case 1 -> text.insert(at, INTERESTING.charAt(r.nextInt(INTERESTING.length())));
                case 2 -> { if (text.length() > 0) text.deleteCharAt(at); }
                default -> text.insert(at, text.substring(at, Math.min(text.length(), at + r.nextInt(20))));
            }
        }
        return text.toString();
    }

    private static String garbage(Random r, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(r.nextInt(3) == 0 ? (char) (0x20 + r.nextInt(0x5F)) : INTERESTING.charAt(r.nextInt(INTERESTING.length())));
        }
        return text.toString();
    }

    private static String digits(Random r, int length) {
        StringBuilder text = new StringBuilder(length).append((char) ('1' + r.nextInt(9)));
        for (int i = 1; i < length; i++) {
            text.append((char) ('0' + r.nextInt(10)));
        }
        return text.toString();
    }

    private static String pick(Random r, String chars) {
        return String.valueOf(chars.charAt(r.nextInt(chars.length())));
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }
}
