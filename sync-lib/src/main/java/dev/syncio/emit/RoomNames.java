package dev.syncio.emit;

/**
 * The names of syncio's own rooms: {@code conversation:<id>}, {@code user:<id>} and {@code topic:<name>}. Host rooms
 * cannot collide with them, since hosts never name rooms directly. Internal.
 */
public final class RoomNames {

    public static final String CONVERSATION_PREFIX = "conversation:";
    public static final String USER_PREFIX = "user:";
    public static final String TOPIC_PREFIX = "topic:";

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

    /** The room of every socket subscribed to a topic. */
    public static String topic(String topic) {
        return TOPIC_PREFIX + topic;
    }
}
