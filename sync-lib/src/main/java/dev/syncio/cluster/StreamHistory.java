package dev.syncio.cluster;

import dev.syncio.emit.Broadcast;
import dev.syncio.emit.Offsets;
import dev.syncio.emit.Sequenced;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The bus stream's history for connection state recovery: what follows an offset, read with
 * XRANGE one page at a time, each page asked for from the previous one's callback, so no thread
 * waits for Redis. The replay is all or nothing: the entry at the offset itself must still be in
 * the stream, or the entries after it may have been trimmed too and the answer is empty.
 */
final class StreamHistory {

    /** Entries one XRANGE returns at most: a few hundred KiB per reply at most for chat-sized events. */
    static final int PAGE = 512;

    private static final Comparator<StreamMessageId> STREAM_ORDER =
            Comparator.comparingLong(StreamMessageId::getId0).thenComparingLong(StreamMessageId::getId1);

    private final RStream<String, byte[]> stream;
    private final int maxScanned;

    /**
     * @param maxScanned entries one replay reads at most; past it the answer is empty. The stream's
     *                   own bound keeps it far below that, unless something else fills the key
     */
    StreamHistory(RStream<String, byte[]> stream, int maxScanned) {
        this.stream = stream;
        this.maxScanned = maxScanned;
    }

    /** See {@link ClusterBus#since}; fails when Redis cannot be reached. */
    CompletableFuture<Optional<List<Sequenced>>> since(String offset) {
        StreamMessageId start = streamId(offset);
        if (start == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<Optional<List<Sequenced>>> done = new CompletableFuture<>();
        page(new Scan(start), StreamRangeArgs.startId(start).endId(StreamMessageId.MAX).count(PAGE), done);
        return done;
    }

    /** One replay's state; touched by one callback at a time. */
    private static final class Scan {
        final StreamMessageId wanted;
        final List<Sequenced> found = new ArrayList<>();
        /** Origin fields seen: an entry appended twice (a resent XADD) is replayed once. */
        final Set<ByteBuffer> origins = new HashSet<>();
        int scanned;
        StreamMessageId last;

        Scan(StreamMessageId wanted) {
            this.wanted = wanted;
        }
    }

    /** Asks for one page; the next is asked for from its callback (a depth of maxScanned / PAGE at most). */
    private void page(Scan scan, StreamRangeArgs args, CompletableFuture<Optional<List<Sequenced>>> done) {
        Async.call(() -> stream.rangeAsync(args)).whenComplete((entries, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            try {
                Optional<List<Sequenced>> answer = take(scan, entries);
                if (answer != null) {
                    done.complete(answer);
                } else {
                    page(scan, StreamRangeArgs.startIdExclusive(scan.last).endId(StreamMessageId.MAX).count(PAGE),
                            done);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
    }

    /** Takes one page's entries; the answer when the replay is over, null to read the next page. */
    private Optional<List<Sequenced>> take(Scan scan, Map<StreamMessageId, Map<String, byte[]>> entries) {
        List<StreamMessageId> ids = entries == null ? List.of() : new ArrayList<>(entries.keySet());
        ids.sort(STREAM_ORDER);
        boolean first = scan.last == null;
        if (first && (ids.isEmpty() || !ids.get(0).equals(scan.wanted))) {
            return Optional.empty(); // trimmed away, or never an entry: a partial replay is no replay
        }
        for (StreamMessageId id : ids) {
            if (++scan.scanned > maxScanned) {
                return Optional.empty();
            }
            Map<String, byte[]> fields = entries.get(id);
            byte[] origin = fields == null ? null : fields.get(RedisStreamBus.ORIGIN);
            boolean again = origin != null && !scan.origins.add(ByteBuffer.wrap(origin));
            if (first) {
                first = false; // the client has the entry at its offset already
                continue;
            }
            Broadcast broadcast = again ? null : decode(fields);
            if (broadcast != null && (broadcast.retained() || broadcast.leaveRoom() != null)) {
                scan.found.add(new Sequenced(broadcast, id.toString()));
            }
        }
        if (ids.size() < PAGE) {
            return Optional.of(List.copyOf(scan.found));
        }
        scan.last = ids.get(ids.size() - 1);
        return null;
    }

    /** The broadcast of an entry, or null for one this node cannot read (the reader skipped it too). */
    private static Broadcast decode(Map<String, byte[]> fields) {
        byte[] entry = fields == null ? null : fields.get(RedisStreamBus.FIELD);
        if (entry == null) {
            return null;
        }
        try {
            return BroadcastCodec.decode(entry);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A stream id {@code ms-seq}, or null: a sequence number of a single node's bus is not one. */
    private static StreamMessageId streamId(String offset) {
        if (!Offsets.valid(offset) || offset.indexOf('-') < 0) {
            return null;
        }
        int dash = offset.indexOf('-');
        return new StreamMessageId(Long.parseLong(offset.substring(0, dash)), Long.parseLong(offset.substring(dash + 1)));
    }
}
