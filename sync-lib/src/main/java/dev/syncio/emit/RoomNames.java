package dev.syncio.emit;

/**
 * The names of syncio's own rooms: {@code conversation:<id>} and {@code user:<id>}. Host rooms
 * cannot collide with them, since hosts never name rooms directly. Internal.
 */
public final class RoomNames {

    public static final String CONVERSATION_PREFIX = "conversation:";
    public static final String USER_PREFIX = "user:";

    private RoomNames() {
    }

    /** The room of a conversation's members. */
    public static String conversation(String conversationId) {
        return CONVERSATION_PREFIX + conversationId;
    }

    /** The room of every socket of one user. */
    public static String user(String userId) {
        return USER_PREFIX + userId;
    }
}
