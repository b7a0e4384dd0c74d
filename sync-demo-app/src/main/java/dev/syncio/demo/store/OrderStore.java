package dev.syncio.demo.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code orders} table. {@link #update} is a compare-and-set on the version, so two writers
 * that saw the same version cannot both win, whatever the isolation level.
 */
public final class OrderStore {

    private static final String COLUMNS = "id, number, customer, paid, produced, shipped, version, updated_at_ms";

    /**
     * The three flags of an order, as a writer wants them.
     *
     * @param paid     paid
     * @param produced produced
     * @param shipped  shipped
     */
    public record Flags(boolean paid, boolean produced, boolean shipped) {
    }

    /**
     * Inserts a new order.
     *
     * @throws DuplicateKeyException (from {@link Database}) when the id or number is taken
     */
    public void insert(Connection connection, Order order) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO orders (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, order.id());
            insert.setString(2, order.number());
            insert.setString(3, order.customer());
            insert.setBoolean(4, order.paid());
            insert.setBoolean(5, order.produced());
            insert.setBoolean(6, order.shipped());
            insert.setLong(7, order.version());
            insert.setLong(8, order.updatedAt().toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** Every order, oldest number first (numbers are assigned in order). */
    public List<Order> list(Connection connection) throws SQLException {
        List<Order> orders = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM orders ORDER BY number, id");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                orders.add(read(row));
            }
        }
        return orders;
    }

    /** The order with this id. */
    public Optional<Order> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM orders WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    /** Whether an order has this number. */
    public boolean numberExists(Connection connection, String number) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM orders WHERE number = ?")) {
            select.setString(1, number);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * Sets the flags when the order is still at {@code expectedVersion}, and moves it one version on.
     *
     * @return the order as stored now, or empty when no row was at that version (unknown id, or
     *         someone else changed it first: {@link #find} tells which)
     */
    public Optional<Order> update(Connection connection, String id, long expectedVersion, Flags flags, Instant at)
            throws SQLException {
        int rows;
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE orders SET paid = ?, produced = ?, shipped = ?, version = version + 1, updated_at_ms = ?
                WHERE id = ? AND version = ?""")) {
            update.setBoolean(1, flags.paid());
            update.setBoolean(2, flags.produced());
            update.setBoolean(3, flags.shipped());
            update.setLong(4, at.toEpochMilli());
            update.setString(5, id);
            update.setLong(6, expectedVersion);
            rows = update.executeUpdate();
        }
        // read back in the same transaction: the row is locked by our update until the commit
        return rows == 0 ? Optional.empty() : find(connection, id);
    }

    private static Order read(ResultSet row) throws SQLException {
        return new Order(row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4),
                row.getBoolean(5), row.getBoolean(6), row.getLong(7), Instant.ofEpochMilli(row.getLong(8)));
    }
}
