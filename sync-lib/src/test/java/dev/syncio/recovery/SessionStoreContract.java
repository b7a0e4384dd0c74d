package dev.syncio.recovery;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link SessionStore} does, run against each implementation by a subclass: a record
 * comes back whole to its user in its namespace only, one taker wins, a taken record ignores the
 * saves of the owner it replaced, an owner's older saves lose to its newer ones and to its forget,
 * and a disconnected record lasts the window.
 */
abstract class SessionStoreContract {

    static final Duration WINDOW = Duration.ofMillis(300);
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<SessionStore> stores = new ArrayList<>();

    /** A new store of the implementation under test with {@code window}; closed after the test. */
    abstract SessionStore newStore(Duration window);

    /** Returns once the saves {@code store} was given so far are applied (at once in memory). */
    abstract void settle(SessionStore store);

    final SessionStore store() {
        return track(newStore(WINDOW));
    }

    final SessionStore track(SessionStore store) {
        stores.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(SessionStore::close);
        stores.clear();
    }

    @Test
    void aSavedRecordIsTakenBackWhole() {
        SessionStore store = store();
        SessionRecord connected = record(pid(), "owner-1", 1, Set.of("c1", "c:2"));
        SessionRecord gone = record(pid(), "owner-2", 3, Set.of());
        store.connected(connected);
        store.disconnected(gone);
        settle(store);

        assertEquals(Optional.of(connected), take(store, connected.pid(), "alice", "/chat", "owner-3"));
        assertEquals(Optional.of(gone), take(store, gone.pid(), "alice", "/chat", "owner-4"));
    }

    @Test
    void anotherUserOrNamespaceGetsNothingAndTakesNothing() {
        SessionStore store = store();
        SessionRecord saved = record(pid(), "owner-1", 1, Set.of("c1"));
        store.disconnected(saved);
        settle(store);

        assertEquals(Optional.empty(), take(store, saved.pid(), "mallory", "/chat", "owner-2"));
        assertEquals(Optional.empty(), take(store, saved.pid(), "alice", "/other", "owner-2"));
        assertEquals(Optional.empty(), take(store, pid(), "alice", "/chat", "owner-2"), "an unknown pid");
        assertEquals(Optional.of(saved), take(store, saved.pid(), "alice", "/chat", "owner-2"));
    }

    @Test
    void ofConcurrentTakersOneWins() throws Exception {
        SessionStore store = store();
        SessionRecord saved = record(pid(), "owner-1", 1, Set.of("c1"));
        store.disconnected(saved);
        settle(store);
        int takers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        try {
            List<CompletableFuture<Optional<SessionRecord>>> takes = new ArrayList<>();
            for (int i = 0; i < takers; i++) {
                String owner = "taker-" + i;
                takes.add(CompletableFuture.supplyAsync(
                        () -> store.take(saved.pid(), "alice", "/chat", owner).toCompletableFuture(), pool)
                        .thenCompose(stage -> stage));
            }
            long winners = 0;
            for (CompletableFuture<Optional<SessionRecord>> take : takes) {
                if (take.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).isPresent()) {
                    winners++;
                }
            }
            assertEquals(1, winners, "exactly one taker gets the record");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theReplacedOwnersSavesAreIgnoredAfterATake() {
        SessionStore store = store();
        String pid = connected(store, "old").pid();
        assertTrue(take(store, pid, "alice", "/chat", "new").isPresent());

        store.disconnected(record(pid, "old", 2, Set.of("c2")));
        store.connected(record(pid, "old", 3, Set.of("c3")));
        settle(store);
        assertEquals(Optional.empty(), take(store, pid, "alice", "/chat", "other"), "held for its taker");

        SessionRecord mine = record(pid, "new", 1, Set.of("c9"));
        store.connected(mine);
        settle(store);
        assertEquals(Optional.of(mine), take(store, pid, "alice", "/chat", "other"),
                "the taker's first save was accepted: the replaced owner's were not");
    }

    @Test
    void anOlderVersionIsIgnored() {
        SessionStore store = store();
        String pid = pid();
        SessionRecord newer = record(pid, "owner-1", 2, Set.of("a"));
        store.connected(newer);
        settle(store);
        store.connected(record(pid, "owner-1", 1, Set.of("b")));
        store.disconnected(record(pid, "owner-1", 2, Set.of("c")));
        settle(store);

        assertEquals(Optional.of(newer), take(store, pid, "alice", "/chat", "owner-2"));
    }

    @Test
    void aForgetBeatsALateOlderSave() {
        SessionStore store = store();
        String pid = connected(store, "owner-1").pid();
        store.forget(record(pid, "owner-1", 3, Set.of("a")));
        settle(store);
        store.disconnected(record(pid, "owner-1", 2, Set.of("a"))); // sent before the forget, arrived after
        settle(store);

        assertEquals(Optional.empty(), take(store, pid, "alice", "/chat", "owner-2"));
    }

    @Test
    void aDisconnectedRecordExpiresAfterTheWindow() {
        SessionStore store = store();
        SessionRecord proof = record(pid(), "owner-1", 1, Set.of());
        SessionRecord expiring = record(pid(), "owner-1", 1, Set.of());
        store.disconnected(proof);
        store.disconnected(expiring);
        settle(store);
        long savedAt = System.nanoTime();
        assertEquals(Optional.of(proof), take(store, proof.pid(), "alice", "/chat", "owner-2"), "kept meanwhile");

        awaitElapsed(savedAt, WINDOW.plusMillis(100));

        assertEquals(Optional.empty(), take(store, expiring.pid(), "alice", "/chat", "owner-2"));
    }

    /** A record of a new pid, version 1 of {@code owner}, saved as connected and applied. */
    final SessionRecord connected(SessionStore store, String owner) {
        SessionRecord record = record(pid(), owner, 1, Set.of("a"));
        store.connected(record);
        settle(store);
        return record;
    }

    static SessionRecord record(String pid, String owner, long version, Set<String> conversations) {
        return new SessionRecord(pid, "sid-" + pid.substring(0, 8), "/chat", "alice", conversations, Set.of("t"), owner, version);
    }

    static String pid() {
        return UUID.randomUUID().toString();
    }

    static Optional<SessionRecord> take(SessionStore store, String pid, String userId, String namespace,
                                        String newOwner) {
        try {
            return store.take(pid, userId, namespace, newOwner).toCompletableFuture()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code duration} has passed since {@code since}: what the test is about is time passing. */
    static void awaitElapsed(long since, Duration duration) {
        Awaitility.await("time passes").atMost(TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> System.nanoTime() - since > duration.toNanos());
    }
}
