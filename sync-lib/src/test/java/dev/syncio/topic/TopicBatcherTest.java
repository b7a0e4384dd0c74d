package dev.syncio.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncConfig;
import dev.syncio.emit.Target;
import dev.syncio.event.ChangeAction;
import dev.syncio.event.Payloads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicBatcherTest {

    private record Sent(String namespace, String topic, Payloads.TopicBatch batch) {
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private TopicBatcher batcher(SyncConfig.Coalescing... rules) {
        return new TopicBatcher(List.of(rules), timer, (ns, topic, batch) -> sent.add(new Sent(ns, topic, batch)));
    }

    private static Target topicOnly(String topic) {
        return new Target("/", Set.of("topic:" + topic), false, Set.of(), Set.of());
    }

    private static Payloads.ResourceChanged change(String topic, int n) {
        return new Payloads.ResourceChanged("e" + n, topic, "line", ChangeAction.CREATED, "l" + n, "line " + n, n,
                Instant.now());
    }

    @Test
    void changesWithinTheWindowGoOutAsOneBatchInOrder() throws InterruptedException {
        TopicBatcher batcher = batcher(new SyncConfig.Coalescing("logs:", Duration.ofMillis(50), 1000));
        for (int i = 1; i <= 20; i++) {
            assertTrue(batcher.hold(topicOnly("logs:job-1"), change("logs:job-1", i)));
        }
        Sent batch = sent.poll(10, TimeUnit.SECONDS);
        assertEquals("logs:job-1", batch.topic());
        assertEquals("logs:job-1", batch.batch().topic());
        assertEquals(20, batch.batch().events().size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i + 1, batch.batch().events().get(i).version());
        }
        assertTrue(sent.isEmpty());
    }

    @Test
    void aFullBatchGoesAtOnceWithoutWaitingForTheWindow() {
        TopicBatcher batcher = batcher(new SyncConfig.Coalescing("", Duration.ofHours(1), 3));
        for (int i = 1; i <= 7; i++) {
            batcher.hold(topicOnly("t"), change("t", i));
        }
        assertEquals(2, sent.size(), "two full batches of 3; the seventh change waits");
        batcher.close();
        assertEquals(3, sent.size(), "close sends what waits");
        assertEquals(List.of(7L), sent.stream().skip(2).flatMap(s -> s.batch().events().stream())
                .map(Payloads.ResourceChanged::version).toList());
    }

    @Test
    void topicsWithoutARuleOrTargetsBeyondTheTopicAreNotHeld() {
        TopicBatcher batcher = batcher(new SyncConfig.Coalescing("logs:", Duration.ofHours(1), 1000));
        assertFalse(batcher.hold(topicOnly("orders"), change("orders", 1)), "no rule for this topic");
        assertFalse(batcher.hold(new Target("/", Set.of("topic:logs:1", "user:u"), false, Set.of(), Set.of()),
                change("logs:1", 1)), "another room is targeted too");
        assertFalse(batcher.hold(new Target("/", Set.of("topic:logs:1"), false, Set.of("sid"), Set.of()),
                change("logs:1", 1)), "a socket is left out");
        assertFalse(batcher.hold(new Target("/", Set.of("topic:logs:1"), true, Set.of(), Set.of()),
                change("logs:1", 1)), "everyone is targeted");
        assertFalse(batcher(new SyncConfig.Coalescing[0]).hold(topicOnly("logs:1"), change("logs:1", 1)));
        assertTrue(sent.isEmpty());
    }

    @Test
    void eachTopicAndNamespaceHasItsOwnBatch() {
        TopicBatcher batcher = batcher(new SyncConfig.Coalescing("", Duration.ofHours(1), 1000));
        batcher.hold(topicOnly("a"), change("a", 1));
        batcher.hold(topicOnly("b"), change("b", 2));
        batcher.hold(new Target("/admin", Set.of("topic:a"), false, Set.of(), Set.of()), change("a", 3));
        batcher.close();
        assertEquals(3, sent.size());
        assertEquals(Set.of("/:a", "/:b", "/admin:a"),
                Set.copyOf(sent.stream().map(s -> s.namespace() + ":" + s.topic()).toList()));
    }

    @Test
    void afterCloseChangesAreNotHeld() {
        TopicBatcher batcher = batcher(new SyncConfig.Coalescing("", Duration.ofHours(1), 1000));
        batcher.close();
        assertFalse(batcher.hold(topicOnly("a"), change("a", 1)), "nothing would send it");
    }

    @Test
    void theFirstMatchingRuleDecides() {
        TopicBatcher batcher = batcher(new SyncConfig.Coalescing("logs:big", Duration.ofHours(1), 2),
                new SyncConfig.Coalescing("logs:", Duration.ofHours(1), 1000));
        batcher.hold(topicOnly("logs:big-1"), change("logs:big-1", 1));
        batcher.hold(topicOnly("logs:big-1"), change("logs:big-1", 2));
        batcher.hold(topicOnly("logs:small"), change("logs:small", 3));
        batcher.hold(topicOnly("logs:small"), change("logs:small", 4));
        assertEquals(1, sent.size(), "only the big topic's rule fills at 2");
        assertEquals("logs:big-1", sent.peek().topic());
    }
}
