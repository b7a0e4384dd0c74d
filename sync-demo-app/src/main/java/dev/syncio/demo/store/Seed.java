package dev.syncio.demo.store;

import dev.syncio.demo.auth.PasswordHasher;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo data, inserted when absent: users {@code alice}, {@code bob} and {@code carol}
 * (password {@value #PASSWORD}), the {@code General} group of all three and a direct conversation
 * between alice and bob, and a few orders for the orders board ({@link #ORDER_NUMBERS}). Every insert
 * is keyed (user id, conversation {@code seed_key}, order number); an insert
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

    private record SeedOrder(String number, String customer, boolean paid, boolean produced) {
    }

    private static final List<SeedOrder> ORDERS = List.of(
            new SeedOrder("A-1001", "Northwind Traders", true, true),
            new SeedOrder("A-1002", "Contoso Ltd", true, false),
            new SeedOrder("A-1003", "Fabrikam Inc", false, false));

    /** The seeded orders' numbers. */
    public static final List<String> ORDER_NUMBERS = ORDERS.stream().map(SeedOrder::number).toList();

    private final Database database;
    private final UserStore users;
    private final ConversationStore conversations;
    private final OrderStore orders;
    private final PasswordHasher hasher;
    private final Ids ids;
    private final Clock clock;

    /** A seeder writing through these stores (and a new {@link OrderStore}). */
    public Seed(Database database, UserStore users, ConversationStore conversations, PasswordHasher hasher, Ids ids,
                Clock clock) {
        this(database, users, conversations, new OrderStore(), hasher, ids, clock);
    }

    /** A seeder writing through these stores. */
    public Seed(Database database, UserStore users, ConversationStore conversations, OrderStore orders,
                PasswordHasher hasher, Ids ids, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.users = Objects.requireNonNull(users, "users");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.orders = Objects.requireNonNull(orders, "orders");
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
        for (SeedOrder order : ORDERS) {
            if (seedOrder(order)) {
                inserted.add("order " + order.number());
            }
        }
        if (!inserted.isEmpty()) {
            log.info("seeded {}", String.join(", ", inserted));
        }
    }

    private boolean seedUser(String userId) {
        return insertOnce("user " + userId, c -> users.find(c, userId).isPresent(), () -> {
            User user = new User(userId, displayName(userId), hasher.hash(PASSWORD)); // slow: only when absent
            return c -> {
                users.insert(c, user);
                return null;
            };
        });
    }

    private boolean seedConversation(SeedConversation seed) {
        return insertOnce("conversation " + seed.seedKey(),
                c -> conversations.findIdBySeedKey(c, seed.seedKey()).isPresent(), () -> {
                    Conversation conversation = new Conversation(ids.next("c_"), seed.title(), seed.type(),
                            seed.memberIds(), clock.instant());
                    return c -> {
                        conversations.insert(c, conversation, seed.seedKey());
                        return null;
                    };
                });
    }

    private boolean seedOrder(SeedOrder seed) {
        return insertOnce("order " + seed.number(), c -> orders.numberExists(c, seed.number()), () -> {
            Order order = new Order(ids.next("o_"), seed.number(), seed.customer(), seed.paid(), seed.produced(),
                    false, 1, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            return c -> {
                orders.insert(c, order);
                return null;
            };
        });
    }

    /**
     * Runs the insert {@code insert} makes, in a transaction of its own, unless {@code present}
     * finds the row already; an insert that loses a race on the row's key is skipped.
     *
     * @return whether this call inserted it
     */
    private boolean insertOnce(String what, Database.Work<Boolean> present, Supplier<Database.Work<?>> insert) {
        if (database.read(present)) {
            return false;
        }
        Database.Work<?> work = insert.get();
        try {
            database.transaction(work);
            return true;
        } catch (DuplicateKeyException e) {
            log.debug("{} was seeded concurrently", what);
            return false;
        }
    }

    private static String displayName(String userId) {
        return Character.toUpperCase(userId.charAt(0)) + userId.substring(1);
    }
}
