package dev.syncio.demo.store;

import dev.syncio.event.ChatMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The {@code read_marks} table: per user and conversation, the newest message the user has read.
 * Marks only move forward.
 */
public final class ReadMarkStore {

    /**
     * Moves the user's mark to {@code message} unless it already is at or past it. A first mark
     * inserted concurrently by another request fails with a duplicate-key {@link SQLException};
     * repeating the call then moves the existing mark.
     *
     * @return whether the mark moved
     */
    public boolean advance(Connection connection, String userId, ChatMessage message) throws SQLException {
        long at = message.createdAt().toEpochMilli();
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE read_marks SET message_id = ?, message_created_at_ms = ?
                WHERE conversation_id = ? AND user_id = ?
                  AND (message_created_at_ms < ? OR (message_created_at_ms = ? AND message_id < ?))""")) {
            update.setString(1, message.id());
            update.setLong(2, at);
            update.setString(3, message.conversationId());
            update.setString(4, userId);
            update.setLong(5, at);
            update.setLong(6, at);
            update.setString(7, message.id());
            if (update.executeUpdate() > 0) {
                return true;
            }
        }
        if (exists(connection, message.conversationId(), userId)) {
            return false; // already at or past this message
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO read_marks (conversation_id, user_id, message_id, message_created_at_ms)
                VALUES (?, ?, ?, ?)""")) {
            insert.setString(1, message.conversationId());
            insert.setString(2, userId);
            insert.setString(3, message.id());
            insert.setLong(4, at);
            insert.executeUpdate();
            return true;
        }
    }

    private static boolean exists(Connection connection, String conversationId, String userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM read_marks WHERE conversation_id = ? AND user_id = ?")) {
            select.setString(1, conversationId);
            select.setString(2, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }
}
