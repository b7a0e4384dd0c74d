package dev.syncio.recovery;

import dev.syncio.cluster.ClusterKeys;
import dev.syncio.cluster.RedisPerClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SessionStoreContract} for the session store in Redis, on a real redis-server, and what
 * only a cluster has: a record saved on one node is taken on another, a connected record outlives
 * its node by at least the window and lives while its node refreshes it, and no key or value
 * holds the pid.
 */
class RedisSessionStoreTest extends SessionStoreContract {

    @RegisterExtension
    static final RedisPerClass redis = new RedisPerClass("session-test-");

    private static ScheduledExecutorService timer;

    @BeforeAll
    static void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopTimer() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Override
    SessionStore newStore(Duration window) {
        return new RedisSessionStore(redis.client(), redis.prefix(), window, timer);
    }

    @Override
    void settle(SessionStore store) {
        ((RedisSessionStore) store).settled().orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Test
    void aRecordSavedOnOneNodeIsTakenOnAnother() {
        SessionStore a = store();
        SessionStore b = track(new RedisSessionStore(redis.server().newClient(), redis.prefix(), WINDOW, timer));
        SessionRecord saved = record(pid(), "owner-1", 1, Set.of("c1"));
        a.disconnected(saved);
        settle(a);

        assertEquals(Optional.of(saved), take(b, saved.pid(), "alice", "/chat", "owner-2"));
        assertEquals(-1, a.size(), "a shared store does not count");
    }

    @Test
    void aConnectedRecordOfAKilledNodeOutlivesItByTheWindow() {
        SessionStore dying = store();
        SessionStore other = store();
        SessionRecord record = connected(dying, "owner-1");
        dying.close(); // killed: no disconnect, no more refreshes
        long diedAt = System.nanoTime();

        awaitElapsed(diedAt, WINDOW.plusMillis(100));

        assertEquals(Optional.of(record), take(other, record.pid(), "alice", "/chat", "owner-2"));
    }

    @Test
    void aConnectedRecordLivesWhileItsNodeRefreshesIt() {
        SessionStore living = store();
        SessionStore other = store();
        SessionRecord record = connected(living, "owner-1");
        long savedAt = System.nanoTime();
        Duration lifetime = WINDOW.plus(RedisSessionStore.refreshPeriod(WINDOW).multipliedBy(2));

        awaitElapsed(savedAt, lifetime.plusMillis(500));

        assertEquals(Optional.of(record), take(other, record.pid(), "alice", "/chat", "owner-2"),
                "refreshed past the TTL it was saved with");
    }

    @Test
    void aConnectedRecordExpiresOnceItsNodeStoppedRefreshing() {
        SessionStore dying = store();
        SessionStore other = store();
        SessionRecord record = connected(dying, "owner-1");
        dying.close();
        long diedAt = System.nanoTime();
        Duration lifetime = WINDOW.plus(RedisSessionStore.refreshPeriod(WINDOW).multipliedBy(2));

        awaitElapsed(diedAt, lifetime.plusMillis(100));

        assertEquals(Optional.empty(), take(other, record.pid(), "alice", "/chat", "owner-2"));
    }

    @Test
    void theKeyIsAHashOfThePidAndNoValueHoldsIt() {
        SessionStore store = store();
        String pid = pid();
        store.connected(record(pid, "owner-1", 7, Set.of("c1")));
        settle(store);

        String key = new ClusterKeys(redis.prefix()).session(pid);
        assertTrue(key.startsWith(redis.prefix() + ":session:"));
        assertEquals(redis.prefix().length() + ":session:".length() + 32, key.length());
        assertFalse(key.contains(pid));
        Map<String, String> hash = redis.client().<String, String>getMap(key, StringCodec.INSTANCE).readAllMap();
        assertEquals("owner-1", hash.get("owner"));
        assertEquals("7", hash.get("version"));
        assertTrue(hash.get("data").contains("\"userId\":\"alice\""), hash.get("data"));
        assertFalse(hash.values().stream().anyMatch(value -> value.contains(pid)), "no value holds the pid");
        assertTrue(redis.client().getKeys().remainTimeToLive(key) > WINDOW.toMillis(),
                "a connected record outlives the window");
    }
}
