package dev.syncio.demo.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The connection pool and the two ways to use it: {@link #read} (autocommit) and
 * {@link #transaction} (all or nothing). Repositories take the {@link Connection} they are given,
 * so a service can combine several of them in one transaction.
 */
public final class Database implements AutoCloseable {

    /** Work done with a connection. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs the work; a {@link SQLException} fails it (and rolls a transaction back). */
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final AutoCloseable owned;

    private Database(DataSource dataSource, AutoCloseable owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    /** A HikariCP pool on {@code jdbcUrl} with the driver's default credentials (or those the URL names). */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /**
     * A HikariCP pool on {@code jdbcUrl}; the driver is found from the URL (H2 and PostgreSQL are
     * bundled).
     *
     * @param user     the database user, or null for the driver's default (or the URL's)
     * @param password the password, or null for none (or the URL's)
     */
    public static Database open(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password); // Hikari masks it in its own configuration log
        }
        config.setPoolName("syncio-demo-db");
        config.setMaximumPoolSize(10);
        HikariDataSource pool = new HikariDataSource(config);
        return new Database(pool, pool);
    }

    /** Uses a data source the caller owns (and closes). */
    public static Database using(DataSource dataSource) {
        return new Database(Objects.requireNonNull(dataSource, "dataSource"), null);
    }

    /** Runs {@code work} on a pooled connection in autocommit mode. */
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
     * (its exception is rethrown; an {@link SQLException} as a {@link StoreException}).
     */
    public <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Whether the exception says a unique key (or primary key) was already taken. */
    static boolean isDuplicateKey(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            // 23505: unique violation (SQL standard, H2, PostgreSQL); 23000: MySQL, SQL Server
            if ("23505".equals(state) || "23000".equals(state)) {
                return true;
            }
        }
        return false;
    }

    private static StoreException translate(SQLException e) {
        return isDuplicateKey(e)
                ? new DuplicateKeyException("duplicate key: " + e.getMessage(), e)
                : new StoreException("database error: " + e.getMessage(), e);
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Closes the pool when this instance opened it. */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new StoreException("cannot close the connection pool", e);
            }
        }
    }
}
