package dev.syncio.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a conversation, in {@code conversation:updated}. */
public enum ConversationChange {
    NEW, UPDATED, DELETED;

    /** The wire value: {@code new}, {@code updated}, {@code deleted}. */
    @JsonValue
    public String wireValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
