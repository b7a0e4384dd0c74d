package dev.syncio.demo.store;

import dev.syncio.event.ChatMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code messages} table. A conversation's timeline is ordered by {@code (created_at_ms, id)};
 * ids are time-ordered too (see {@link Ids}), so the order is the order of storing.
 */
public final class MessageStore {

    private static final String COLUMNS = "id, conversation_id, sender_id, text, created_at_ms, client_message_id";

    /** Inserts a message; a repeated {@code clientMessageId} fails with a duplicate-key {@link SQLException}. */
    public void insert(Connection connection, ChatMessage message) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, message.id());
            insert.setString(2, message.conversationId());
            insert.setString(3, message.senderId());
            insert.setString(4, message.text());
            insert.setLong(5, message.createdAt().toEpochMilli());
            insert.setString(6, message.clientMessageId());
            insert.executeUpdate();
        }
    }

    /** A message of this conversation. */
    public Optional<ChatMessage> find(Connection connection, String conversationId, String messageId)
            throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND id = ?",
                conversationId, messageId);
    }

    /** The message this sender already stored in this conversation under {@code clientMessageId}. */
    public Optional<ChatMessage> findByClientMessageId(Connection connection, String conversationId, String senderId,
                                                       String clientMessageId) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM messages"
                        + " WHERE conversation_id = ? AND sender_id = ? AND client_message_id = ?",
                conversationId, senderId, clientMessageId);
    }

    /** The newest message of the conversation. */
    public Optional<ChatMessage> latest(Connection connection, String conversationId) throws SQLException {
        List<ChatMessage> newest = newestFirst(connection, conversationId, null, 1);
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0));
    }

    /**
     * Up to {@code limit} messages of the conversation, newest first, all older than
     * {@code before} (or the newest ones when {@code before} is null).
     */
    public List<ChatMessage> newestFirst(Connection connection, String conversationId, ChatMessage before, int limit)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ?"
                + (before == null ? "" : " AND (created_at_ms < ? OR (created_at_ms = ? AND id < ?))")
                + " ORDER BY created_at_ms DESC, id DESC";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setMaxRows(limit); // portable LIMIT
            select.setString(1, conversationId);
            if (before != null) {
                select.setLong(2, before.createdAt().toEpochMilli());
                select.setLong(3, before.createdAt().toEpochMilli());
                select.setString(4, before.id());
            }
            try (ResultSet rows = select.executeQuery()) {
                List<ChatMessage> messages = new ArrayList<>();
                while (rows.next() && messages.size() < limit) {
                    messages.add(map(rows));
                }
                return messages;
            }
        }
    }

    /** Messages by others in the conversation after the user's read mark (all of them without one). */
    public long countUnread(Connection connection, String conversationId, String userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT COUNT(*) FROM messages m
                LEFT JOIN read_marks r ON r.conversation_id = m.conversation_id AND r.user_id = ?
                WHERE m.conversation_id = ? AND m.sender_id <> ?
                  AND (r.user_id IS NULL
                       OR m.created_at_ms > r.message_created_at_ms
                       OR (m.created_at_ms = r.message_created_at_ms AND m.id > r.message_id))""")) {
            select.setString(1, userId);
            select.setString(2, conversationId);
            select.setString(3, userId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Optional<ChatMessage> one(Connection connection, String sql, String... params) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                select.setString(i + 1, params[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(map(row)) : Optional.empty();
            }
        }
    }

    private static ChatMessage map(ResultSet row) throws SQLException {
        return new ChatMessage(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                Instant.ofEpochMilli(row.getLong(5)), row.getString(6));
    }
}
