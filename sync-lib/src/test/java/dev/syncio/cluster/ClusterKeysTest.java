package dev.syncio.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Key names: ids with any character make distinct keys that read back into their parts. */
class ClusterKeysTest {

    private final ClusterKeys keys = new ClusterKeys("{syncio}");

    @Test
    void theLayout() {
        assertEquals("{syncio}:bus", keys.bus());
        assertEquals("{syncio}:presence:/:c1", keys.presence("/", "c1"));
        assertEquals("{syncio}:nodes", keys.nodes());
        assertEquals("{syncio}:node:n1:alive", keys.alive("n1"));
        assertEquals("{syncio}:node:n1:presence", keys.nodePresence("n1"));
        assertEquals("{syncio}:node:n1:typing", keys.nodeTyping("n1"));
        assertEquals("{syncio}:cleanup:n1", keys.cleanup("n1"));
    }

    @Test
    void idsThatWouldCollideWhenJoinedDoNot() {
        assertNotEquals(keys.presence("/a:b", "c"), keys.presence("/a", "b:c"));
        assertNotEquals(ClusterKeys.typingEntry("/", "a|b", "c"), ClusterKeys.typingEntry("/", "a", "b|c"));
        assertNotEquals(keys.presence("/", "a%3Ab"), keys.presence("/", "a:b"));
    }

    @Test
    void keysAndEntriesReadBackIntoTheirParts() {
        String[] odd = {"", "plain", "a:b", "a|b", "100%", "%3A", "{tag}", "ünï:cödé|%{}"};
        for (String ns : odd) {
            for (String id : odd) {
                assertEquals(List.of(ns, id), keys.parsePresence(keys.presence(ns, id)));
                assertEquals(List.of(ns, id, id + ns), ClusterKeys.parseTypingEntry(ClusterKeys.typingEntry(ns, id, id + ns)));
            }
        }
        assertEquals("%7Btag%7D", ClusterKeys.escape("{tag}"), "no hash tag can come from an id");
        assertNull(keys.parsePresence("{syncio}:bus"));
        assertNull(ClusterKeys.parseTypingEntry("a|b"));
    }

    @Test
    void nodeIdsAndPrefixesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> keys.alive("a:b"));
        assertThrows(IllegalArgumentException.class, () -> keys.alive(""));
        assertThrows(IllegalArgumentException.class, () -> new ClusterKeys(""));
    }
}
