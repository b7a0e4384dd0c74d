package dev.syncio.demo.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code conversations} and {@code conversation_members} tables. */
public final class ConversationStore {

    /**
     * Inserts a conversation and its members.
     *
     * @param seedKey a unique key for seeded conversations (so concurrent seeders insert one), or null
     */
    public void insert(Connection connection, Conversation conversation, String seedKey) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO conversations (id, title, type, seed_key, created_at_ms) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, conversation.id());
            insert.setString(2, conversation.title());
            insert.setString(3, conversation.type());
            insert.setString(4, seedKey);
            insert.setLong(5, conversation.createdAt().toEpochMilli());
            insert.executeUpdate();
        }
        try (PreparedStatement member = connection.prepareStatement(
                "INSERT INTO conversation_members (conversation_id, user_id) VALUES (?, ?)")) {
            for (String userId : conversation.memberIds()) {
                member.setString(1, conversation.id());
                member.setString(2, userId);
                member.addBatch();
            }
            member.executeBatch();
        }
    }

    /** The id of the conversation seeded under {@code seedKey}. */
    public Optional<String> findIdBySeedKey(Connection connection, String seedKey) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM conversations WHERE seed_key = ?")) {
            select.setString(1, seedKey);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** Whether the conversation exists. */
    public boolean exists(Connection connection, String conversationId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM conversations WHERE id = ?")) {
            select.setString(1, conversationId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Whether the user is a member of the conversation (false for unknown conversations). */
    public boolean isMember(Connection connection, String conversationId, String userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM conversation_members WHERE conversation_id = ? AND user_id = ?")) {
            select.setString(1, conversationId);
            select.setString(2, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The conversation with its members. */
    public Optional<Conversation> find(Connection connection, String conversationId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, title, type, created_at_ms FROM conversations WHERE id = ?")) {
            select.setString(1, conversationId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Conversation(row.getString(1), row.getString(2), row.getString(3),
                        members(connection, conversationId), Instant.ofEpochMilli(row.getLong(4))));
            }
        }
    }

    /** The members of a conversation, sorted. */
    public List<String> members(Connection connection, String conversationId) throws SQLException {
        List<String> members = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY user_id")) {
            select.setString(1, conversationId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    members.add(row.getString(1));
                }
            }
        }
        return members;
    }

    /** The user's conversations with their members, oldest first. */
    public List<Conversation> listFor(Connection connection, String userId) throws SQLException {
        Map<String, Conversation> heads = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT c.id, c.title, c.type, c.created_at_ms FROM conversations c
                JOIN conversation_members m ON m.conversation_id = c.id
                WHERE m.user_id = ?
                ORDER BY c.created_at_ms, c.id""")) {
            select.setString(1, userId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    heads.put(row.getString(1), new Conversation(row.getString(1), row.getString(2), row.getString(3),
                            List.of(), Instant.ofEpochMilli(row.getLong(4))));
                }
            }
        }
        Map<String, List<String>> members = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT m.conversation_id, m.user_id FROM conversation_members m
                WHERE m.conversation_id IN (SELECT conversation_id FROM conversation_members WHERE user_id = ?)""")) {
            select.setString(1, userId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    members.computeIfAbsent(row.getString(1), id -> new ArrayList<>()).add(row.getString(2));
                }
            }
        }
        List<Conversation> list = new ArrayList<>(heads.size());
        heads.forEach((id, head) -> list.add(new Conversation(id, head.title(), head.type(),
                members.getOrDefault(id, List.of()), head.createdAt())));
        return list;
    }
}
