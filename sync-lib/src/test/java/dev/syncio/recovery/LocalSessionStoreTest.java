package dev.syncio.recovery;

import java.time.Duration;

/** {@link SessionStoreContract} for the in-memory store of a single node. */
class LocalSessionStoreTest extends SessionStoreContract {

    @Override
    SessionStore newStore(Duration window) {
        return new LocalSessionStore(window, 1_000);
    }

    @Override
    void settle(SessionStore store) {
        // in memory, a save is applied before it returns
    }
}
