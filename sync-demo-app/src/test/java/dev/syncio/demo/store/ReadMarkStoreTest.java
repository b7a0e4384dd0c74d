package dev.syncio.demo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.demo.auth.PasswordHasher;
import dev.syncio.event.ChatMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unread counts and read marks on a real (in-memory) H2 database. */
class ReadMarkStoreTest {

    private Database database;
    private final MessageStore messages = new MessageStore();
    private final ReadMarkStore readMarks = new ReadMarkStore();
    private final Ids ids = new Ids();
    private String general;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:mem:marks-" + UUID.randomUUID()); // gone when the pool closes
        Schema.create(database);
        new Seed(database, new UserStore(), new ConversationStore(), new PasswordHasher(1_000), ids,
                Clock.systemUTC()).apply();
        general = database.read(c -> new ConversationStore().findIdBySeedKey(c, "general")).orElseThrow();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void unreadCountsOthersMessagesAfterTheMarkOnly() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        ChatMessage a1 = store("alice", now);
        ChatMessage b1 = store("bob", now); // same millisecond: ordered by id
        ChatMessage a2 = store("alice", now.plusMillis(1));
        ChatMessage a3 = store("alice", now.plusMillis(2));

        assertEquals(3, unread("bob"));
        assertEquals(1, unread("alice"), "own messages do not count");

        assertTrue(advance("bob", a2));
        assertEquals(1, unread("bob"));
        assertFalse(advance("bob", a1), "marks never move back");
        assertFalse(advance("bob", a2));
        assertEquals(1, unread("bob"));
        assertTrue(advance("bob", a3));
        assertEquals(0, unread("bob"));

        assertTrue(advance("alice", b1));
        assertEquals(0, unread("alice"));
        assertEquals(4, unread("carol"), "carol has read nothing");
    }

    @Test
    void pagesGoBackInTimeByCreatedAtThenId() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        List<ChatMessage> stored = List.of(store("alice", now), store("bob", now), store("carol", now),
                store("alice", now.plusMillis(5)));
        List<ChatMessage> newest = database.read(c -> messages.newestFirst(c, general, null, 2));
        assertEquals(List.of(stored.get(3), stored.get(2)), newest);
        List<ChatMessage> older = database.read(c -> messages.newestFirst(c, general, stored.get(2), 10));
        assertEquals(List.of(stored.get(1), stored.get(0)), older);
        assertEquals(stored.get(3), database.read(c -> messages.latest(c, general)).orElseThrow());
    }

    private ChatMessage store(String senderId, Instant at) {
        ChatMessage message = new ChatMessage(ids.next("m_"), general, senderId, "hello from " + senderId, at, null);
        database.transaction(c -> {
            messages.insert(c, message);
            return null;
        });
        return message;
    }

    private boolean advance(String userId, ChatMessage message) {
        return database.<Boolean>transaction(c -> readMarks.advance(c, userId, message));
    }

    private long unread(String userId) {
        return database.read(c -> messages.countUnread(c, general, userId));
    }
}
