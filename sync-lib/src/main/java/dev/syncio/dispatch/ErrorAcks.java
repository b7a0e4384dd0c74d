package dev.syncio.dispatch;

import java.util.LinkedHashMap;
import java.util.Map;

/** The error ack of the wire contract: {@code {ok:false, error:{code, message}}}. */
public final class ErrorAcks {

    private ErrorAcks() {
    }

    /** An error ack with a code of {@code docs/errors.md} and a message for people. */
    public static Map<String, Object> error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("ok", false);
        ack.put("error", error);
        return ack;
    }
}
