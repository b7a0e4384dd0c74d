package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.BroadcastSink;
import dev.syncio.emit.Sequenced;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bus of a cluster: one Redis stream, {@code <prefix>:bus}, that every node appends to and
 * reads. Each broadcast is one XADD (trimmed to about {@code maxLength} entries, with
 * {@code MAXLEN ~}) whatever the number of its members; every node, the publisher included, reads
 * the stream in order and delivers each entry to its sink with the entry's stream id as offset.
 * A node therefore delivers its own broadcasts to its own sockets only when it reads them back:
 * live delivery and the stream's history share one order on every node, which is what lets
 * connection state recovery resume a client from an offset on any node.
 * <p>
 * <b>Order.</b> The stream orders broadcasts across nodes; this node's own broadcasts are appended
 * in the order they were published (see {@link StreamAppender}). Reading starts after the newest
 * entry at {@link #start}: broadcasts published from then on.
 * <p>
 * <b>Outage.</b> When Redis cannot be reached, {@link #connected()} is false and this node's
 * broadcasts are delivered to its own sockets at once with a null offset (other nodes do not get
 * them, and they are not in the history); the outage is logged once at WARN and its end once at
 * INFO. The reader retries with a backoff of 100 ms doubling to 2 s and resumes from the last id
 * it read, so broadcasts that other nodes appended meanwhile still arrive, late, in order. An XADD
 * that fails in flight may still have been applied (its reply timed out): such a broadcast is
 * delivered locally all the same, and recognised by its origin field and skipped when the reader
 * finds it, so that no socket gets it twice. Nothing here grows without bound: the backlog of
 * broadcasts waiting for their XADD is bounded, and past the bound they are treated as during an
 * outage.
 * <p>
 * <b>History.</b> The stream is also the history that connection state recovery replays
 * ({@link #since}): besides the count bound, every reading node trims it to about {@code maxAge}
 * (the recovery window) and samples its size ({@link StreamUpkeep}). The reader tells the sink
 * where it starts and which entries it skips ({@link BroadcastSink#passed}), so the sink's
 * position reaches every id of the stream.
 * <p>
 * <b>Publish only.</b> {@link #publisher} makes a bus for a process with no sockets (a standalone
 * emitter): it appends and never reads the stream; during an outage its broadcasts are dropped,
 * and how many is logged when Redis is back.
 * <p>
 * Every Redis call is asynchronous; no thread waits for Redis. {@link #close()} stops reading but
 * does not shut down the {@link RedissonClient}, which belongs to the caller. Internal: not part
 * of syncio's API.
 */
public final class RedisStreamBus implements ClusterBus {

    /** Key prefix when the host gives none. */
    public static final String DEFAULT_PREFIX = "syncio";
    /** Entries the stream keeps (approximately), and so how far back a client can recover. */
    public static final int DEFAULT_MAX_LENGTH = 100_000;
    /** Entries one XREAD returns at most. */
    public static final int DEFAULT_READ_BATCH = 256;

    /** How long one XREAD waits for new entries; also bounds how late a quiet node notices an outage. */
    static final Duration BLOCK = Duration.ofSeconds(1);
    /** The field of every entry that holds the broadcast's bytes ({@link BroadcastCodec}). */
    static final String FIELD = "b";
    /**
     * The field that names the bus that appended the entry (8 random bytes) and the entry's
     * number in its order (8 bytes): a reading bus recognises its own entries by it.
     */
    static final String ORIGIN = "o";
    /** Broadcasts delivered locally after a failed XADD that the reader may still find; older ones are forgotten. */
    static final int MAX_DELIVERED_LOCALLY = StreamAppender.MAX_PENDING;
    /** Field names as text, values as raw bytes. */
    static final Codec CODEC = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);

    private static final Logger log = LoggerFactory.getLogger(RedisStreamBus.class);
    private static final long CLOSE_DRAIN_SECONDS = 2;

    private final RedissonClient client;
    private final RStream<String, byte[]> stream;
    private final StreamHistory history;
    private final StreamUpkeep upkeep;
    private final boolean reads;
    private final int readBatch;
    private final Outage outage;
    private final StreamAppender appender;
    /** Deliveries to the sink, one at a time: from the reader, and local ones during an outage. */
    private final Object deliveries = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean warnedUndecodable = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final Backoff probeBackoff = new Backoff();
    private final long origin = new SecureRandom().nextLong();
    /** The last of its own entries the reader delivered (guarded by {@code deliveries}). */
    private long ownRead = -1;
    /** Own broadcasts delivered locally whose XADD may have been applied after all, in order (guarded by {@code deliveries}). */
    private final ArrayDeque<Long> deliveredLocally = new ArrayDeque<>();

    private volatile BroadcastSink sink;
    private volatile StreamReader reader;
    private volatile boolean closed;

    /**
     * A bus that appends and reads, with {@link #DEFAULT_MAX_LENGTH} and {@link #DEFAULT_READ_BATCH}.
     *
     * @param client the Redisson client; stays the caller's (not shut down by {@link #close()})
     * @param prefix key prefix shared by the nodes of one cluster, e.g. {@link #DEFAULT_PREFIX}
     */
    public RedisStreamBus(RedissonClient client, String prefix) {
        this(client, prefix, DEFAULT_MAX_LENGTH, DEFAULT_READ_BATCH);
    }

    /**
     * A bus that appends and reads.
     *
     * @param client    the Redisson client; stays the caller's (not shut down by {@link #close()})
     * @param prefix    key prefix shared by the nodes of one cluster, e.g. {@link #DEFAULT_PREFIX}
     * @param maxLength entries the stream keeps (approximately), at least 1
     * @param readBatch entries one XREAD returns at most, at least 1
     */
    public RedisStreamBus(RedissonClient client, String prefix, int maxLength, int readBatch) {
        this(client, prefix, maxLength, Duration.ZERO, readBatch, true);
    }

    /**
     * A bus that appends and reads, and keeps the history of connection state recovery: about
     * {@code maxLength} entries, none much older than {@code maxAge}; reads {@link #DEFAULT_READ_BATCH}
     * entries at a time.
     *
     * @param client    the Redisson client; stays the caller's (not shut down by {@link #close()})
     * @param prefix    key prefix shared by the nodes of one cluster, e.g. {@link #DEFAULT_PREFIX}
     * @param maxLength entries the stream keeps (approximately), at least 1
     * @param maxAge    how long an entry is kept (approximately; the recovery window), zero for no
     *                  age bound
     */
    public RedisStreamBus(RedissonClient client, String prefix, int maxLength, Duration maxAge) {
        this(client, prefix, maxLength, maxAge, DEFAULT_READ_BATCH, true);
    }

    /**
     * A bus for a process with no sockets: it appends broadcasts and never reads the stream.
     *
     * @param client the Redisson client; stays the caller's
     * @param prefix key prefix of the cluster it publishes to
     */
    public static RedisStreamBus publisher(RedissonClient client, String prefix) {
        return publisher(client, prefix, DEFAULT_MAX_LENGTH);
    }

    /**
     * A bus for a process with no sockets: it appends broadcasts and never reads the stream.
     *
     * @param client    the Redisson client; stays the caller's
     * @param prefix    key prefix of the cluster it publishes to
     * @param maxLength entries the stream keeps (approximately); the same as the nodes' setting
     */
    public static RedisStreamBus publisher(RedissonClient client, String prefix, int maxLength) {
        return new RedisStreamBus(client, prefix, maxLength, Duration.ZERO, 1, false);
    }

    private RedisStreamBus(RedissonClient client, String prefix, int maxLength, Duration maxAge, int readBatch,
                           boolean reads) {
        Objects.requireNonNull(client, "client");
        if (maxLength < 1 || readBatch < 1) {
            throw new IllegalArgumentException("maxLength and readBatch must be at least 1");
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        String key = new ClusterKeys(prefix).bus();
        this.client = client;
        this.stream = client.getStream(key, CODEC);
        // MAXLEN ~ may keep a macro node more than maxLength; twice that is no stream of this bus
        this.history = new StreamHistory(stream, (int) Math.min(Integer.MAX_VALUE, 2L * maxLength + StreamHistory.PAGE));
        this.upkeep = new StreamUpkeep(client, key, maxAge, this::clientGone);
        this.reads = reads;
        this.readBatch = readBatch;
        this.outage = new Outage(log, "cluster bus " + key, reads
                ? "this node's broadcasts reach its own sockets only until it is back"
                : "broadcasts are dropped until it is back");
        byte[] originBytes = reads ? ByteBuffer.allocate(8).putLong(origin).array() : null;
        this.appender = new StreamAppender(client, key, maxLength, originBytes, outage::active, this::failed, this::unsent);
    }

    /**
     * Starts reading the stream from its newest entry and delivering to {@code sink}. A
     * publish-only bus ignores the sink. Broadcasts published before this reach the other nodes,
     * and may or may not reach this one.
     */
    @Override
    public void start(BroadcastSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("bus already started");
        }
        if (closed || !reads) {
            return;
        }
        this.sink = sink;
        appender.pause(); // until the reader knows where it starts
        StreamReader r = new StreamReader(stream, readBatch, BLOCK, outage, this::read, this::startsAfter,
                appender::resume, this::clientGone);
        reader = r;
        r.start();
        upkeep.start();
    }

    @Override
    public void publish(Broadcast broadcast) {
        if (closed) {
            return;
        }
        byte[] entry = BroadcastCodec.encode(broadcast);
        if (!appender.offer(broadcast, entry)) {
            failed(new IllegalStateException("more than " + StreamAppender.MAX_PENDING
                    + " broadcasts (or " + (StreamAppender.MAX_PENDING_BYTES >> 20) + " MiB) wait for Redis"));
            unsent(broadcast, -1, false);
        }
    }

    /**
     * The retained broadcasts and revocations after {@code offset} (a stream id), read with XRANGE
     * from the offset on: empty unless the entry at {@code offset} is still in the stream. Fails
     * when Redis cannot be reached.
     */
    @Override
    public CompletionStage<Optional<List<Sequenced>>> since(String offset) {
        return history.since(offset);
    }

    /** XLEN of the stream (every entry, retained or not) at the last sample, -1 before the first. */
    @Override
    public long retainedEvents() {
        return upkeep.events();
    }

    /** MEMORY USAGE of the stream at the last sample, -1 before the first. */
    @Override
    public long retainedBytes() {
        return upkeep.bytes();
    }

    @Override
    public long publishRoundTrips() {
        return appender.roundTrips();
    }

    @Override
    public long publishNanos() {
        return appender.roundTripNanos();
    }

    @Override
    public boolean connected() {
        return !outage.active();
    }

    /** Stops reading (a pending XREAD is cancelled) and drops what waits to be appended. */
    @Override
    public void close() {
        try {
            // what was published before close (a shutting-down node's last presence events) gets out
            appender.drained().get(CLOSE_DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("cluster bus closed with broadcasts not yet appended after {} s; they are dropped",
                    CLOSE_DRAIN_SECONDS);
        }
        closed = true;
        sink = null;
        upkeep.stop();
        StreamReader r = reader;
        if (r != null) {
            r.stop();
        }
        appender.clear();
    }

    private boolean clientGone() {
        return client.isShuttingDown() || client.isShutdown();
    }

    /** One entry read from the stream, in stream order. */
    private void read(StreamMessageId id, Map<String, byte[]> fields) {
        Broadcast broadcast;
        try {
            byte[] entry = fields.get(FIELD);
            if (entry == null) {
                throw new IllegalArgumentException("no field '" + FIELD + "'");
            }
            broadcast = BroadcastCodec.decode(entry);
        } catch (IllegalArgumentException e) {
            // another version of syncio, or another program writing to the key: skip, do not stop
            if (warnedUndecodable.compareAndSet(false, true)) {
                log.warn("cluster bus: skipping stream entry {} that this node cannot read ({}); further ones are logged at DEBUG",
                        id, e.getMessage());
            } else {
                log.debug("cluster bus: skipping stream entry {} ({})", id, e.getMessage());
            }
            passed(id);
            return;
        }
        long own = ownSequence(fields.get(ORIGIN));
        BroadcastSink target = sink;
        if (target == null) {
            return; // closed
        }
        synchronized (deliveries) {
            if (own >= 0) {
                if (own <= ownRead) {
                    passed(target, id); // appended twice (a resent command): delivered once already
                    return;
                }
                ownRead = own;
                // own entries come back in append order: any number before this one was never appended
                while (!deliveredLocally.isEmpty() && deliveredLocally.peekFirst() < own) {
                    deliveredLocally.pollFirst();
                }
                if (!deliveredLocally.isEmpty() && deliveredLocally.peekFirst() == own) {
                    deliveredLocally.pollFirst();
                    passed(target, id); // its XADD seemed to fail and it was delivered locally then
                    return;
                }
            }
            deliver(target, broadcast, id.toString());
        }
    }

    /** Where the reader starts: the sink's position before the first entry it reads. */
    private void startsAfter(StreamMessageId id) {
        passed(id);
    }

    /** An entry the reader skipped: the sink's position still moves past it, in order. */
    private void passed(StreamMessageId id) {
        BroadcastSink target = sink;
        if (target == null) {
            return; // closed
        }
        synchronized (deliveries) {
            passed(target, id);
        }
    }

    /** Called holding {@code deliveries}, like {@link #deliver}. */
    private void passed(BroadcastSink target, StreamMessageId id) {
        try {
            target.passed(id.toString());
        } catch (RuntimeException e) {
            log.warn("cluster bus: moving the sink past offset {} failed", id, e);
        }
    }

    /** This bus's number for an entry it appended itself, or -1. */
    private long ownSequence(byte[] originField) {
        if (originField == null || originField.length != 16) {
            return -1;
        }
        ByteBuffer bytes = ByteBuffer.wrap(originField);
        return bytes.getLong() == origin ? bytes.getLong() : -1;
    }

    private void failed(Throwable error) {
        if (outage.failed(error) && !reads) {
            probe();
        }
    }

    /**
     * A broadcast that did not reach the stream (or may not have): delivered locally with a null
     * offset, or dropped by a publisher. If its XADD may have been applied after all, the reader
     * skips it when it finds it, and if the reader already delivered it, it is not delivered again.
     */
    private void unsent(Broadcast broadcast, long sequence, boolean maybeAppended) {
        if (!reads) {
            dropped.incrementAndGet();
            return;
        }
        BroadcastSink target = sink;
        if (target == null) {
            return; // closed
        }
        synchronized (deliveries) {
            if (maybeAppended) {
                if (sequence <= ownRead) {
                    return; // appended after all, and read back already
                }
                deliveredLocally.addLast(sequence);
                if (deliveredLocally.size() > MAX_DELIVERED_LOCALLY) {
                    deliveredLocally.pollFirst();
                }
            }
            deliver(target, broadcast, null);
        }
    }

    /** Called holding {@code deliveries}: one delivery at a time, in the bus's order. */
    private void deliver(BroadcastSink target, Broadcast broadcast, String offset) {
        try {
            target.deliver(broadcast, offset);
        } catch (RuntimeException e) {
            log.warn("cluster bus: delivering broadcast at offset {} failed", offset, e);
        }
    }

    /**
     * Publish-only: finds out when Redis is back (a reading bus has its reader for that), with
     * XLEN, retried with the same backoff as the reader.
     */
    private void probe() {
        if (!closed && probing.compareAndSet(false, true)) {
            Backoff.schedule(probeBackoff.next(), this::probeOnce);
        }
    }

    private void probeOnce() {
        if (closed || clientGone()) {
            probing.set(false);
            return;
        }
        long epoch = outage.epoch();
        Async.call(stream::sizeAsync).whenComplete((length, error) -> {
            if (error != null && !closed) {
                Backoff.schedule(probeBackoff.next(), this::probeOnce);
                return;
            }
            probeBackoff.reset();
            if (error == null && outage.succeeded(epoch)) {
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    log.warn("cluster bus: {} broadcasts were dropped while Redis was unreachable", lost);
                }
            }
            probing.set(false);
            if (outage.active()) {
                probe(); // an outage that began again while this probe was out
            }
        });
    }
}
