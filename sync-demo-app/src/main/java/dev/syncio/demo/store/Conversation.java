package dev.syncio.demo.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A conversation and its members.
 *
 * @param id        server-generated id ({@code c_...})
 * @param title     the title shown in the list
 * @param type      {@code group} or {@code direct}
 * @param memberIds the members' user ids, sorted
 * @param createdAt when it was created
 */
public record Conversation(String id, String title, String type, List<String> memberIds, Instant createdAt) {

    /** A conversation of several people, created with {@code POST /api/conversations}. */
    public static final String GROUP = "group";
    /** A conversation of two people. */
    public static final String DIRECT = "direct";

    /** Validates and copies. */
    public Conversation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        memberIds = memberIds.stream().sorted().toList();
    }
}
