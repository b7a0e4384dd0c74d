package dev.syncio.demo.store;

import dev.syncio.demo.auth.PasswordHasher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo data, inserted when absent: users {@code alice}, {@code bob} and {@code carol}
 * (password {@value #PASSWORD}), the {@code General} group of all three and a direct conversation
 * between alice and bob. Every insert is keyed (user id, conversation {@code seed_key}); an insert
 * that loses a race against another instance fails on that key (SQLState 23505 on H2 and
 * PostgreSQL) and is skipped, so concurrent starts on one database seed everything exactly once.
 * Each insert is a transaction of its own: on PostgreSQL a failed statement spoils the rest of its
 * transaction, so nothing else runs in it.
 */
public final class Seed {

    /** The demo accounts' password (documented in docs/demo.md; demo-only accounts). */
    public static final String PASSWORD = "demo";
    /** The seeded users' ids, which are also their login names. */
    public static final List<String> USER_IDS = List.of("alice", "bob", "carol");

    private static final Logger log = LoggerFactory.getLogger(Seed.class);

    private record SeedConversation(String seedKey, String title, String type, List<String> memberIds) {
    }

    private static final List<SeedConversation> CONVERSATIONS = List.of(
            new SeedConversation("general", "General", Conversation.GROUP, USER_IDS),
            new SeedConversation("direct-alice-bob", "Alice & Bob", Conversation.DIRECT, List.of("alice", "bob")));

    private final Database database;
    private final UserStore users;
    private final ConversationStore conversations;
    private final PasswordHasher hasher;
    private final Ids ids;
    private final Clock clock;

    /** A seeder writing through these stores. */
    public Seed(Database database, UserStore users, ConversationStore conversations, PasswordHasher hasher, Ids ids,
                Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.users = Objects.requireNonNull(users, "users");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Inserts whatever of the demo data is missing. */
    public void apply() {
        List<String> inserted = new ArrayList<>();
        for (String userId : USER_IDS) {
            if (seedUser(userId)) {
                inserted.add("user " + userId);
            }
        }
        for (SeedConversation conversation : CONVERSATIONS) {
            if (seedConversation(conversation)) {
                inserted.add("conversation " + conversation.title());
            }
        }
        if (!inserted.isEmpty()) {
            log.info("seeded {}", String.join(", ", inserted));
        }
    }

    private boolean seedUser(String userId) {
        if (database.read(c -> users.find(c, userId)).isPresent()) {
            return false;
        }
        User user = new User(userId, displayName(userId), hasher.hash(PASSWORD));
        try {
            database.transaction(c -> {
                users.insert(c, user);
                return null;
            });
            return true;
        } catch (DuplicateKeyException e) {
            log.debug("user {} was seeded concurrently", userId);
            return false;
        }
    }

    private boolean seedConversation(SeedConversation seed) {
        if (database.read(c -> conversations.findIdBySeedKey(c, seed.seedKey())).isPresent()) {
            return false;
        }
        Conversation conversation = new Conversation(ids.next("c_"), seed.title(), seed.type(), seed.memberIds(),
                clock.instant());
        try {
            database.transaction(c -> {
                conversations.insert(c, conversation, seed.seedKey());
                return null;
            });
            return true;
        } catch (DuplicateKeyException e) {
            log.debug("conversation {} was seeded concurrently", seed.seedKey());
            return false;
        }
    }

    private static String displayName(String userId) {
        return Character.toUpperCase(userId.charAt(0)) + userId.substring(1);
    }
}
