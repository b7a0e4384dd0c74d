package dev.syncio.cluster;

import dev.syncio.conversation.PresenceStore;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link PresenceStore} does, run against each implementation by a subclass: a user's
 * first socket in a conversation and their last are told apart, users are counted separately, and
 * namespaces and conversations never share counts, whatever characters their ids hold.
 */
abstract class PresenceStoreContract {

    /** The store of one node; within a test, every call returns a store of the same node. */
    abstract PresenceStore store();

    @Test
    void theFirstSocketAndTheLastAreToldApart() {
        PresenceStore store = store();
        assertTrue(get(store.joined("/", "c1", "alice")), "first socket");
        assertFalse(get(store.joined("/", "c1", "alice")), "second socket");
        assertEquals(Set.of("alice"), get(store.online("/", "c1")));

        assertFalse(get(store.left("/", "c1", "alice")), "one socket left");
        assertEquals(Set.of("alice"), get(store.online("/", "c1")));
        assertTrue(get(store.left("/", "c1", "alice")), "that was the last");
        assertEquals(Set.of(), get(store.online("/", "c1")));
    }

    @Test
    void usersAreCountedSeparately() {
        PresenceStore store = store();
        assertTrue(get(store.joined("/", "c1", "alice")));
        assertTrue(get(store.joined("/", "c1", "bob")));
        assertFalse(get(store.joined("/", "c1", "bob")));
        assertEquals(Set.of("alice", "bob"), get(store.online("/", "c1")));

        assertTrue(get(store.left("/", "c1", "alice")));
        assertEquals(Set.of("bob"), get(store.online("/", "c1")));
    }

    @Test
    void namespacesAndConversationsAreKeptApart() {
        PresenceStore store = store();
        assertTrue(get(store.joined("/a", "c1", "alice")));
        assertTrue(get(store.joined("/b", "c1", "alice")), "another namespace, another count");
        assertTrue(get(store.joined("/a", "c2", "alice")), "another conversation, another count");
        // ids whose plain concatenation would collide: "/x:y" + "z" and "/x" + "y:z"
        assertTrue(get(store.joined("/x:y", "z", "carol")));
        assertTrue(get(store.joined("/x", "y:z", "carol")));
        assertTrue(get(store.joined("/x", "y|z%3A{t}", "u:|%{}é")));

        assertTrue(get(store.left("/b", "c1", "alice")));
        assertEquals(Set.of("alice"), get(store.online("/a", "c1")));
        assertEquals(Set.of("alice"), get(store.online("/a", "c2")));
        assertEquals(Set.of(), get(store.online("/b", "c1")));
        assertEquals(Set.of("carol"), get(store.online("/x:y", "z")));
        assertEquals(Set.of("carol"), get(store.online("/x", "y:z")));
        assertEquals(Set.of("u:|%{}é"), get(store.online("/x", "y|z%3A{t}")));
    }

    @Test
    void aSocketThatNeverJoinedIsNotALastOne() {
        PresenceStore store = store();
        assertFalse(get(store.left("/", "nobody-here", "alice")));
        assertEquals(Set.of(), get(store.online("/", "nobody-here")));
    }

    @Test
    void typingIsRecordedWithoutFuss() {
        PresenceStore store = store();
        store.typing("/", "c1", "alice", true);
        store.typing("/", "c1", "alice", false);
        store.typing("/", "c1", "bob", false);
        assertEquals(Set.of(), get(store.online("/", "c1")), "typing is not presence");
    }

    static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(Eventually.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the store did not answer", e);
        }
    }
}
