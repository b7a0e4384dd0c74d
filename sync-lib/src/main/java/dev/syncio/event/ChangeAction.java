package dev.syncio.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a resource, as {@code resource:changed} tells it. */
public enum ChangeAction {
    CREATED, UPDATED, DELETED;

    /** The wire value: {@code created}, {@code updated}, {@code deleted}. */
    @JsonValue
    public String wireValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
