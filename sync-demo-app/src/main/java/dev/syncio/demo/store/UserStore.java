package dev.syncio.demo.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The {@code users} table. */
public final class UserStore {

    /** The user with this id. */
    public Optional<User> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, name, password_hash FROM users WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new User(row.getString(1), row.getString(2), row.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** Which of these ids belong to existing users: one query (callers bound the number of ids). */
    public Set<String> existing(Connection connection, Collection<String> ids) throws SQLException {
        Set<String> distinct = Set.copyOf(ids);
        Set<String> found = new HashSet<>();
        if (distinct.isEmpty()) {
            return found;
        }
        String placeholders = String.join(", ", Collections.nCopies(distinct.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM users WHERE id IN (" + placeholders + ")")) {
            int index = 1;
            for (String id : distinct) {
                select.setString(index++, id);
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(row.getString(1));
                }
            }
        }
        return found;
    }

    /** Inserts a user; a taken id fails with a duplicate-key {@link SQLException}. */
    public void insert(Connection connection, User user) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO users (id, name, password_hash) VALUES (?, ?, ?)")) {
            insert.setString(1, user.id());
            insert.setString(2, user.name());
            insert.setString(3, user.passwordHash());
            insert.executeUpdate();
        }
    }
}
