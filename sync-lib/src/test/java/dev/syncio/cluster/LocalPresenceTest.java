package dev.syncio.cluster;

import dev.syncio.conversation.LocalPresence;
import dev.syncio.conversation.PresenceStore;
import org.junit.jupiter.api.BeforeEach;

/** {@link PresenceStoreContract} for the in-memory presence of a single node. */
class LocalPresenceTest extends PresenceStoreContract {

    private PresenceStore store;

    @BeforeEach
    void newStore() {
        store = new LocalPresence();
    }

    @Override
    PresenceStore store() {
        return store;
    }
}
