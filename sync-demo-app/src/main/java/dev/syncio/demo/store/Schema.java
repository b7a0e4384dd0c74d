package dev.syncio.demo.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables, created on start. Every statement is {@code IF NOT EXISTS}, and an "already exists"
 * answer from a database that loses a race against another instance is taken as success, so any
 * number of instances may start on the same database at once.
 *
 * <p>Instants are stored as epoch milliseconds ({@code BIGINT}): portable across JDBC databases
 * and exactly what the wire format carries.
 */
public final class Schema {

    private static final Logger log = LoggerFactory.getLogger(Schema.class);

    /** SQL states for "table/index already exists" (H2, SQL standard, PostgreSQL). */
    private static final Set<String> ALREADY_EXISTS = Set.of("42S01", "42S11", "42P07", "42710");

    /** How often a statement is tried before its failure counts. */
    private static final int ATTEMPTS = 5;

    private static final List<String> STATEMENTS = List.of(
            """
            CREATE TABLE IF NOT EXISTS users (
              id            VARCHAR(64)  NOT NULL PRIMARY KEY,
              name          VARCHAR(100) NOT NULL,
              password_hash VARCHAR(255) NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS conversations (
              id            VARCHAR(64)  NOT NULL PRIMARY KEY,
              title         VARCHAR(200) NOT NULL,
              type          VARCHAR(16)  NOT NULL,
              seed_key      VARCHAR(64)  UNIQUE,
              created_at_ms BIGINT       NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS conversation_members (
              conversation_id VARCHAR(64) NOT NULL REFERENCES conversations (id),
              user_id         VARCHAR(64) NOT NULL REFERENCES users (id),
              PRIMARY KEY (conversation_id, user_id)
            )""",
            "CREATE INDEX IF NOT EXISTS ix_members_user ON conversation_members (user_id)",
            """
            CREATE TABLE IF NOT EXISTS messages (
              id                VARCHAR(64)   NOT NULL PRIMARY KEY,
              conversation_id   VARCHAR(64)   NOT NULL REFERENCES conversations (id),
              sender_id         VARCHAR(64)   NOT NULL REFERENCES users (id),
              text              VARCHAR(8000) NOT NULL,
              created_at_ms     BIGINT        NOT NULL,
              client_message_id VARCHAR(128)
            )""",
            // idempotent sends: one message per (conversation, sender, clientMessageId); NULLs are distinct
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_messages_client_id"
                    + " ON messages (conversation_id, sender_id, client_message_id)",
            // paging: newest first by (created_at_ms, id)
            "CREATE INDEX IF NOT EXISTS ix_messages_timeline ON messages (conversation_id, created_at_ms, id)",
            """
            CREATE TABLE IF NOT EXISTS read_marks (
              conversation_id       VARCHAR(64) NOT NULL REFERENCES conversations (id),
              user_id               VARCHAR(64) NOT NULL REFERENCES users (id),
              message_id            VARCHAR(64) NOT NULL,
              message_created_at_ms BIGINT      NOT NULL,
              PRIMARY KEY (conversation_id, user_id)
            )""");

    private Schema() {
    }

    /** Creates whatever is missing. */
    public static void create(Database database) {
        database.read(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : STATEMENTS) {
                    execute(statement, sql);
                }
            }
            return null;
        });
        log.debug("schema ready");
    }

    /**
     * Runs one {@code IF NOT EXISTS} statement. Databases may still fail it while another instance
     * creates the same object at that moment (H2 then says "object already exists" as a general
     * error); running it again sees the object and does nothing.
     */
    private static void execute(Statement statement, String sql) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute(sql);
                return;
            } catch (SQLException e) {
                if (ALREADY_EXISTS.contains(e.getSQLState())) {
                    log.debug("created concurrently by another instance: {}", e.getMessage());
                    return;
                }
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.debug("schema statement failed (attempt {} of {}), probably racing another instance: {}",
                        attempt, ATTEMPTS, e.getMessage());
            }
        }
    }
}
