package dev.syncio.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** Delivery state of a message. */
public enum MessageStatus {
    SENT, DELIVERED, READ;

    /** The wire value: {@code sent}, {@code delivered}, {@code read}. */
    @JsonValue
    public String wireValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
