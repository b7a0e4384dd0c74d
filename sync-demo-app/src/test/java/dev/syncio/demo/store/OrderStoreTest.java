package dev.syncio.demo.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.demo.auth.PasswordHasher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The orders table and its optimistic locking on a real (in-memory) H2 database. */
class OrderStoreTest {

    private static final Instant LATER = Instant.parse("2026-01-01T10:00:00Z");
    private static final OrderStore.Flags PAID = new OrderStore.Flags(true, false, false);

    private final OrderStore orders = new OrderStore();
    private final Ids ids = new Ids();
    private Database database;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:mem:orders-" + UUID.randomUUID()); // gone when the pool closes
        Schema.create(database);
        new Seed(database, new UserStore(), new ConversationStore(), orders, new PasswordHasher(1_000), ids,
                Clock.systemUTC()).apply();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theSeededOrdersAreListedByNumberAtVersionOne() {
        List<Order> listed = database.read(orders::list);

        assertEquals(Seed.ORDER_NUMBERS, listed.stream().map(Order::number).toList());
        assertTrue(listed.stream().allMatch(order -> order.version() == 1), listed.toString());
        assertTrue(listed.stream().allMatch(order -> order.id().startsWith("o_")), listed.toString());
    }

    @Test
    void anInsertedOrderReadsBackAsWritten() {
        Order order = new Order(ids.next("o_"), "B-1", "Initech", false, true, false, 1, LATER);
        database.transaction(c -> {
            orders.insert(c, order);
            return null;
        });

        assertEquals(Optional.of(order), database.read(c -> orders.find(c, order.id())));
        boolean exists = database.read(c -> orders.numberExists(c, "B-1"));
        assertTrue(exists);
    }

    @Test
    void aSecondOrderWithTheSameNumberIsADuplicateKey() {
        Order copy = new Order(ids.next("o_"), Seed.ORDER_NUMBERS.get(0), "Someone else", false, false, false, 1,
                LATER);

        assertThrows(DuplicateKeyException.class, () -> database.transaction(c -> {
            orders.insert(c, copy);
            return null;
        }));
    }

    @Test
    void anUpdateAtTheCurrentVersionSetsTheFlagsAndMovesTheVersionOn() {
        Order unpaid = seeded("A-1003");

        Order updated = database.transaction(c -> orders.update(c, unpaid.id(), 1, PAID, LATER)).orElseThrow();

        assertEquals(new Order(unpaid.id(), unpaid.number(), unpaid.customer(), true, false, false, 2, LATER), updated);
        assertEquals(Optional.of(updated), database.read(c -> orders.find(c, unpaid.id())));
    }

    @Test
    void anUpdateAtAStaleVersionChangesNothing() {
        Order order = seeded("A-1003");
        database.transaction(c -> orders.update(c, order.id(), 1, PAID, LATER)).orElseThrow();

        Optional<Order> stale = database.transaction(c -> orders.update(c, order.id(), 1,
                new OrderStore.Flags(false, true, true), LATER.plusSeconds(1)));

        assertFalse(stale.isPresent());
        Order stored = database.read(c -> orders.find(c, order.id())).orElseThrow();
        assertEquals(2, stored.version());
        assertEquals(List.of(true, false, false), List.of(stored.paid(), stored.produced(), stored.shipped()));
    }

    @Test
    void anUpdateOfAnUnknownOrderFindsNothing() {
        assertFalse(database.transaction(c -> orders.update(c, "o_unknown", 1, PAID, LATER)).isPresent());
    }

    @Test
    void ofWritersRacingAtTheSameVersionExactlyOneWins() throws Exception {
        Order order = seeded("A-1003");
        int writers = 4;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Optional<Order>>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                boolean shipped = i % 2 == 0;
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return database.transaction(c -> orders.update(c, order.id(), 1,
                            new OrderStore.Flags(true, true, shipped), LATER));
                }));
            }
            int won = 0;
            for (Future<Optional<Order>> result : results) {
                won += result.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertEquals(1, won, "one writer's compare-and-set succeeds, the others see another version");
            assertEquals(2, database.read(c -> orders.find(c, order.id())).orElseThrow().version());
        } finally {
            pool.shutdownNow();
        }
    }

    private Order seeded(String number) {
        return database.read(orders::list).stream().filter(o -> o.number().equals(number)).findFirst().orElseThrow();
    }
}
