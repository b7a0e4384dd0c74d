package dev.syncio.demo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.demo.auth.PasswordHasher;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Schema and seed data on a real (in-memory) H2 database, including instances starting at once. */
class SeedTest {

    private final String url = "jdbc:h2:mem:seed-" + UUID.randomUUID(); // gone when the last pool closes
    private final List<Database> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Database::close);
    }

    @Test
    void seedsTheDemoUsersAndConversations() {
        Database database = database();
        startInstance(database);

        assertEquals(3, count(database, "SELECT COUNT(*) FROM users"));
        UserStore users = new UserStore();
        User alice = database.read(c -> users.find(c, "alice")).orElseThrow();
        assertEquals("Alice", alice.name());
        assertTrue(new PasswordHasher(1_000).verify(Seed.PASSWORD, alice.passwordHash()));

        ConversationStore conversations = new ConversationStore();
        List<Conversation> aliceIn = database.read(c -> conversations.listFor(c, "alice"));
        assertEquals(List.of("General", "Alice & Bob"), aliceIn.stream().map(Conversation::title).toList());
        assertEquals(List.of("alice", "bob", "carol"), aliceIn.get(0).memberIds());
        assertEquals(Conversation.GROUP, aliceIn.get(0).type());
        assertEquals(List.of("alice", "bob"), aliceIn.get(1).memberIds());
        assertEquals(Conversation.DIRECT, aliceIn.get(1).type());
        assertEquals(List.of("General"), database.read(c -> conversations.listFor(c, "carol")).stream()
                .map(Conversation::title).toList());
    }

    @Test
    void startingAgainChangesNothing() {
        Database database = database();
        startInstance(database);
        String hash = database.read(c -> new UserStore().find(c, "bob")).orElseThrow().passwordHash();
        startInstance(database);

        assertEquals(3, count(database, "SELECT COUNT(*) FROM users"));
        assertEquals(2, count(database, "SELECT COUNT(*) FROM conversations"));
        assertEquals(5, count(database, "SELECT COUNT(*) FROM conversation_members"));
        assertEquals(hash, database.read(c -> new UserStore().find(c, "bob")).orElseThrow().passwordHash(),
                "an existing user is left alone");
    }

    @Test
    void instancesStartingAtOnceSeedEverythingExactlyOnce() throws Exception {
        int instances = 6;
        CyclicBarrier together = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<Void>> starts = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                Database database = database(); // each instance has its own pool on the same database
                Callable<Void> start = () -> {
                    together.await(10, TimeUnit.SECONDS);
                    startInstance(database);
                    return null;
                };
                starts.add(pool.submit(start));
            }
            for (Future<Void> start : starts) {
                start.get(60, TimeUnit.SECONDS); // rethrows any instance's failure
            }
        } finally {
            pool.shutdownNow();
        }
        Database database = opened.get(0);
        assertEquals(3, count(database, "SELECT COUNT(*) FROM users"));
        assertEquals(2, count(database, "SELECT COUNT(*) FROM conversations"));
        assertEquals(5, count(database, "SELECT COUNT(*) FROM conversation_members"));
    }

    private void startInstance(Database database) {
        Schema.create(database);
        new Seed(database, new UserStore(), new ConversationStore(), new PasswordHasher(1_000), new Ids(),
                Clock.systemUTC()).apply();
    }

    private Database database() {
        Database database = Database.open(url);
        opened.add(database);
        return database;
    }

    private static long count(Database database, String sql) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql); ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }
}
