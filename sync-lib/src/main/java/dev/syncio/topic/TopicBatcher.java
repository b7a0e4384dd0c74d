package dev.syncio.topic;

import dev.syncio.SyncConfig;
import dev.syncio.emit.Coalescer;
import dev.syncio.emit.EventIds;
import dev.syncio.emit.RoomNames;
import dev.syncio.emit.Target;
import dev.syncio.event.Payloads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opt-in burst control for high-rate topics (log lines): the {@code resource:changed} events of a
 * coalesced topic emitted on this node within the window of the first go out as one
 * {@code topic:batch}, in the order they were emitted. One packet and one bus entry per window
 * instead of one per change, at the cost of up to one window of latency per change.
 *
 * <p>Bounded: a batch is sent as soon as it holds its rule's {@code maxBatch} changes, and at most
 * one batch per topic waits. Batches are published under this object's lock, so that two batches of
 * one topic reach the bus in order.
 */
public final class TopicBatcher implements Coalescer {

    /** Sends one batch to its topic's room. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String namespace, String topic, Payloads.TopicBatch batch);
    }

    private record Key(String namespace, String topic) {
    }

    private static final class Pending {
        final List<Payloads.ResourceChanged> events = new ArrayList<>();
        ScheduledFuture<?> flush;
    }

    private final List<SyncConfig.Coalescing> rules;
    private final ScheduledExecutorService timer;
    private final Publisher publisher;
    private final Map<Key, Pending> pending = new HashMap<>();
    private boolean closed;

    public TopicBatcher(List<SyncConfig.Coalescing> rules, ScheduledExecutorService timer, Publisher publisher) {
        this.rules = List.copyOf(rules);
        this.timer = timer;
        this.publisher = publisher;
    }

    @Override
    public boolean hold(Target target, Payloads.ResourceChanged change) {
        if (rules.isEmpty() || target.all() || target.rooms().size() != 1 || !target.exceptSockets().isEmpty()
                || !target.exceptUsers().isEmpty() || !target.rooms().contains(RoomNames.topic(change.topic()))) {
            return false;
        }
        SyncConfig.Coalescing rule = rule(change.topic());
        if (rule == null) {
            return false;
        }
        Key key = new Key(target.namespace(), change.topic());
        synchronized (this) {
            if (closed) {
                return false;
            }
            Pending batch = pending.computeIfAbsent(key, k -> new Pending());
            batch.events.add(change);
            if (batch.events.size() >= rule.maxBatch()) {
                send(key);
            } else if (batch.flush == null) {
                batch.flush = schedule(key, rule);
            }
        }
        return true;
    }

    /** Sends every waiting batch now and takes no more changes: for a server that closes. */
    public synchronized void close() {
        closed = true;
        for (Key key : List.copyOf(pending.keySet())) {
            send(key);
        }
    }

    private ScheduledFuture<?> schedule(Key key, SyncConfig.Coalescing rule) {
        try {
            return timer.schedule(() -> {
                synchronized (this) {
                    send(key);
                }
            }, rule.window().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            send(key); // the timer is stopping: nothing would flush it later
            return null;
        }
    }

    /** Publishes the batch of {@code key}, if any; under the lock. */
    private void send(Key key) {
        Pending batch = pending.remove(key);
        if (batch == null) {
            return;
        }
        if (batch.flush != null) {
            batch.flush.cancel(false);
        }
        publisher.publish(key.namespace(), key.topic(),
                new Payloads.TopicBatch(EventIds.next(), key.topic(), List.copyOf(batch.events)));
    }

    private SyncConfig.Coalescing rule(String topic) {
        for (SyncConfig.Coalescing rule : rules) {
            if (topic.startsWith(rule.prefix())) {
                return rule;
            }
        }
        return null;
    }
}
