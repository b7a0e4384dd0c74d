package dev.syncio.dispatch;

import dev.syncio.RateLimit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One token bucket per user id, shared by all the user's sockets on this node and kept across
 * reconnects, so that closing a socket and connecting again gives no fresh burst. Bounded: a
 * bucket that has refilled completely says nothing a new one would not, and {@link #sweep()}
 * (called every few seconds) forgets it; past {@code maxUsers} buckets, a user with none gets
 * none (the per-socket limit still applies) until a sweep makes room. Thread-safe.
 */
public final class UserRateLimits {

    private final RateLimit limit;
    private final int maxUsers;
    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public UserRateLimits(RateLimit limit, int maxUsers) {
        this.limit = limit;
        this.maxUsers = maxUsers;
    }

    /** The user's bucket, or null when the map is full. */
    public TokenBucket bucket(String userId) {
        TokenBucket bucket = buckets.get(userId);
        if (bucket != null || buckets.size() >= maxUsers) {
            return bucket;
        }
        return buckets.computeIfAbsent(userId, id -> new TokenBucket(limit, System.nanoTime()));
    }

    /** Forgets the buckets that have refilled completely. */
    public void sweep() {
        long now = System.nanoTime();
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    /** Users with a bucket now. */
    public int size() {
        return buckets.size();
    }
}
