package dev.syncio.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncio.demo.auth.PasswordHasher;
import dev.syncio.demo.store.ConversationStore;
import dev.syncio.demo.store.Database;
import dev.syncio.demo.store.Ids;
import dev.syncio.demo.store.Schema;
import dev.syncio.demo.store.Seed;
import dev.syncio.demo.store.UserStore;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.PostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo on a real PostgreSQL ({@link PostgresServer}): every store query through the REST API,
 * and instances starting at once on one database, as the nodes of a cluster do. Each test has a
 * database of its own on the class's server.
 */
class PostgresDemoTest {

    private static PostgresServer postgres;

    /** Starts the class's server before its first test (so a skip shows on each test, which @BeforeAll hides). */
    @BeforeEach
    void startPostgres() throws IOException {
        if (postgres == null) {
            postgres = PostgresServer.start();
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @Test
    void theDemoRunsOnPostgreSql() {
        try (DemoFixture demo = DemoFixture.start(postgres.createDatabase(), postgres.user(), postgres.password())) {
            String alice = demo.token("alice"); // a seeded user logs in
            assertEquals(List.of("Alice & Bob", "General"), titles(demo.get("/api/conversations", alice).expect(200)
                    .json()).stream().sorted().toList());

            JsonNode created = demo.post("/api/conversations", alice,
                    Map.of("title", "On PostgreSQL", "memberIds", List.of("bob"))).expect(201).json();
            String conversation = created.path("id").asText();
            assertEquals(List.of("alice", "bob"), strings(created.path("memberIds")));
            String messages = "/api/conversations/" + conversation + "/messages";

            JsonNode first = demo.post(messages, alice, Map.of("text", "stored in postgres", "clientMessageId", "pg-1"))
                    .expect(201).json();
            JsonNode again = demo.post(messages, alice, Map.of("text", "a retry", "clientMessageId", "pg-1"))
                    .expect(200).json();
            assertEquals(first, again, "a repeated clientMessageId finds the stored message (unique index)");
            JsonNode second = demo.send("bob", conversation, "second");
            JsonNode third = demo.send("bob", conversation, "third");

            JsonNode page = demo.get(messages, demo.token("bob")).expect(200).json();
            assertEquals(List.of(first, second, third), list(page.path("messages")), "read back, newest last");
            assertFalse(page.path("hasMore").asBoolean());

            JsonNode newest = demo.get(messages + "?limit=2", alice).expect(200).json(); // LIMIT through setMaxRows
            assertEquals(List.of(second, third), list(newest.path("messages")));
            assertTrue(newest.path("hasMore").asBoolean());
            JsonNode older = demo.get(messages + "?limit=2&before=" + second.path("id").asText(), alice).expect(200)
                    .json();
            assertEquals(List.of(first), list(older.path("messages")));
            assertFalse(older.path("hasMore").asBoolean());

            assertEquals(2, demo.conversation("alice", conversation).path("unreadCount").asLong());
            assertEquals(third, demo.conversation("alice", conversation).path("lastMessage"));
            demo.post(messages + "/" + second.path("id").asText() + "/status", alice, Map.of("status", "read"))
                    .expect(200);
            assertEquals(1, demo.conversation("alice", conversation).path("unreadCount").asLong(), "the first mark");
            demo.post(messages + "/" + third.path("id").asText() + "/status", alice, Map.of("status", "read"))
                    .expect(200);
            demo.post(messages + "/" + first.path("id").asText() + "/status", alice, Map.of("status", "read"))
                    .expect(200); // marks only move forward
            assertEquals(0, demo.conversation("alice", conversation).path("unreadCount").asLong());

            assertEquals("invalid_payload", demo.post("/api/conversations", alice,
                    Map.of("title", "nobody", "memberIds", List.of("nobody"))).expect(400).errorCode());
        }
    }

    @Test
    void theOrdersBoardRunsOnPostgreSql() {
        try (DemoFixture demo = DemoFixture.start(postgres.createDatabase(), postgres.user(), postgres.password())) {
            String alice = demo.token("alice");
            JsonNode seeded = demo.get("/api/orders", alice).expect(200).json();
            assertEquals(List.of("A-1001", "A-1002", "A-1003"), seeded.findValuesAsText("number"));

            JsonNode created = demo.post("/api/orders", alice, Map.of("number", "PG-1", "customer", "Postgres Inc"))
                    .expect(201).json();
            assertEquals("conflict", demo.post("/api/orders", alice, Map.of("number", "PG-1", "customer", "again"))
                    .expect(409).errorCode(), "the unique number");
            String path = "/api/orders/" + created.path("id").asText();
            JsonNode paid = demo.patch(path, alice, Map.of("paid", true, "version", 1)).expect(200).json();
            assertTrue(paid.path("paid").asBoolean());
            assertEquals(2, paid.path("version").asLong(), "version = version + 1, read back");
            assertEquals("conflict", demo.patch(path, alice, Map.of("shipped", true, "version", 1)).expect(409)
                    .errorCode());
            JsonNode listed = demo.get("/api/orders", alice).expect(200).json();
            assertEquals(paid, listed.get(listed.size() - 1), "read back as answered");
        }
    }

    @Test
    void twoInstancesStartingTogetherShareTheDatabaseAndOneSeed() throws Exception {
        String db = postgres.createDatabase();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2); // one each: they wait for each other
        List<Future<DemoFixture>> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            starts.add(threads.submit(() -> {
                together.await(30, TimeUnit.SECONDS);
                return DemoFixture.start(db, postgres.user(), postgres.password());
            }));
        }
        List<DemoFixture> demos = new ArrayList<>();
        try {
            for (Future<DemoFixture> start : starts) {
                demos.add(start.get(90, TimeUnit.SECONDS)); // rethrows a failed start
            }
            DemoFixture a = demos.get(0);
            DemoFixture b = demos.get(1);
            assertNotEquals(a.demo().httpPort(), b.demo().httpPort());
            assertNotEquals(a.demo().syncPort(), b.demo().syncPort());
            assertSeededOnce(db);

            String general = a.conversationId("bob", "General");
            assertEquals(general, b.conversationId("carol", "General"), "one General for both instances");
            JsonNode sent = a.send("bob", general, "written through A");
            JsonNode page = b.get("/api/conversations/" + general + "/messages", b.token("carol")).expect(200).json();
            assertEquals(List.of(sent), list(page.path("messages")), "read through B");
            assertEquals(1, b.conversation("carol", general).path("unreadCount").asLong());
        } finally {
            for (Future<DemoFixture> start : starts) {
                try {
                    DemoFixture late = start.get(90, TimeUnit.SECONDS);
                    if (!demos.contains(late)) {
                        late.close();
                    }
                } catch (Exception e) {
                    // its failure is the test's, reported above
                }
            }
            demos.forEach(DemoFixture::close);
            threads.shutdownNow();
        }
    }

    @Test
    void schemaAndSeedRacingOnOneDatabaseCreateEverythingOnce() throws Exception {
        String db = postgres.createDatabase();
        int instances = 4;
        CyclicBarrier together = new CyclicBarrier(instances);
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        List<Database> databases = new ArrayList<>();
        try {
            List<Future<Void>> starts = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                Database database = Database.open(db, postgres.user(), postgres.password()); // a pool per instance
                databases.add(database);
                Callable<Void> start = () -> {
                    together.await(30, TimeUnit.SECONDS);
                    Schema.create(database);
                    new Seed(database, new UserStore(), new ConversationStore(), new PasswordHasher(1_000), new Ids(),
                            Clock.systemUTC()).apply();
                    return null;
                };
                starts.add(threads.submit(start));
            }
            for (Future<Void> start : starts) {
                start.get(60, TimeUnit.SECONDS); // rethrows any instance's failure
            }
        } finally {
            threads.shutdownNow();
            databases.forEach(Database::close);
        }
        assertSeededOnce(db);
    }

    private static void assertSeededOnce(String db) throws SQLException {
        try (Connection connection = postgres.connect(db)) {
            assertEquals(3, count(connection, "SELECT COUNT(*) FROM users"));
            assertEquals(2, count(connection, "SELECT COUNT(*) FROM conversations"));
            assertEquals(2, count(connection, "SELECT COUNT(DISTINCT seed_key) FROM conversations"));
            assertEquals(5, count(connection, "SELECT COUNT(*) FROM conversation_members"));
            assertEquals(3, count(connection, "SELECT COUNT(*) FROM orders"));
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static List<String> strings(JsonNode array) {
        return list(array).stream().map(JsonNode::asText).toList();
    }

    private static List<String> titles(JsonNode conversations) {
        return list(conversations).stream().map(c -> c.path("title").asText()).toList();
    }
}
