package dev.syncio.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A connection's copy-on-write sockets by namespace. */
class NamespaceSocketsTest {

    @Test
    void putGetRemoveByNamespace() {
        NamespaceSockets<Object> sockets = new NamespaceSockets<>();
        Object main = new Object();
        Object admin = new Object();
        assertEquals(0, sockets.size());
        assertNull(sockets.get("/"));
        sockets.put("/", main);
        sockets.put("/admin", admin);
        assertSame(main, sockets.get("/"));
        assertTrue(sockets.containsKey("/admin"));
        assertEquals(2, sockets.size());
        assertFalse(sockets.remove("/", admin), "only the namespace's own socket is removed");
        assertFalse(sockets.remove("/other", main));
        assertTrue(sockets.remove("/", main));
        assertFalse(sockets.remove("/", main), "already gone");
        assertFalse(sockets.containsKey("/"));
        assertEquals(List.of(admin), List.copyOf(sockets.snapshot()));
    }

    @Test
    void aSnapshotIsUnchangedByLaterChanges() {
        NamespaceSockets<Object> sockets = new NamespaceSockets<>();
        Object main = new Object();
        sockets.put("/", main);
        Collection<Object> before = sockets.snapshot();
        for (Object socket : before) { // what a closing connection does: each socket removes itself
            sockets.remove("/", socket);
        }
        assertEquals(List.of(main), List.copyOf(before));
        assertEquals(0, sockets.size());
    }

    @Test
    void concurrentPutsAndRemovesFromTwoThreadsLoseNothing() throws Exception {
        NamespaceSockets<Object> sockets = new NamespaceSockets<>();
        Object kept = new Object();
        sockets.put("/", kept);
        TwoThreads.run(name -> {
            for (int i = 0; i < 2000; i++) {
                Object socket = new Object();
                sockets.put(name + i % 3, socket);
                assertSame(socket, sockets.get(name + i % 3));
                assertSame(kept, sockets.get("/"));
                if (i % 3 != 2) {
                    assertTrue(sockets.remove(name + i % 3, socket));
                }
            }
        });
        assertEquals(3, sockets.size(), "/ and one namespace each thread left in place");
        assertTrue(sockets.containsKey("left2") && sockets.containsKey("right2"));
    }
}
