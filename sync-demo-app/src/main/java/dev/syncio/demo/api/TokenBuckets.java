package dev.syncio.demo.api;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a client address, a user name): {@code capacity} tokens, one more
 * every {@code refillEvery}. Memory is bounded: a key whose bucket has refilled is forgotten (it is
 * the same as a new one), and beyond {@code maxKeys} the least recently used key is dropped.
 *
 * <p>Thread-safe (one lock; each call is a few arithmetic operations).
 */
public final class TokenBuckets {

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }

    private final int capacity;
    private final long refillNanos;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<String, Bucket> buckets;

    /**
     * @param capacity    the burst: tokens a new key starts with
     * @param refillEvery one token comes back this often
     * @param maxKeys     the most keys remembered at once
     * @param nanoTime    the clock ({@code System::nanoTime}; tests pass their own)
     */
    public TokenBuckets(int capacity, Duration refillEvery, int maxKeys, LongSupplier nanoTime) {
        if (capacity < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("capacity and maxKeys must be at least 1");
        }
        this.capacity = capacity;
        this.refillNanos = Math.max(1, refillEvery.toNanos());
        this.maxKeys = maxKeys;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > TokenBuckets.this.maxKeys;
            }
        };
    }

    /** Buckets of {@code capacity} that refill completely in {@code period}. */
    public static TokenBuckets perPeriod(int capacity, Duration period, int maxKeys) {
        return new TokenBuckets(capacity, period.dividedBy(capacity), maxKeys, System::nanoTime);
    }

    /**
     * Takes a token for {@code key} when there is one.
     *
     * @return zero when a token was taken, else how long until the next one (nothing taken)
     */
    public synchronized Duration tryTake(String key) {
        Duration wait = waitFor(key);
        if (wait.isZero()) {
            buckets.get(key).tokens -= 1;
        }
        return wait;
    }

    /** Zero when {@code key} has a token now, else how long until it has one; takes nothing. */
    public synchronized Duration waitFor(String key) {
        long now = nanoTime.getAsLong();
        forgetRefilled(now);
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        refill(bucket, now);
        if (bucket.tokens >= 1) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(1, Math.round((1 - bucket.tokens) * refillNanos)));
    }

    /** Takes a token for {@code key} even when that leaves it empty (for a failure seen afterwards). */
    public synchronized void take(String key) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        refill(bucket, now);
        bucket.tokens = Math.max(0, bucket.tokens - 1);
    }

    /** How many keys are remembered now. */
    public synchronized int size() {
        return buckets.size();
    }

    private void refill(Bucket bucket, long now) {
        long elapsed = now - bucket.updatedAt;
        if (elapsed > 0) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (double) elapsed / refillNanos);
            bucket.updatedAt = now;
        }
    }

    /** Drops least recently used keys whose buckets are full again (a few per call: amortised). */
    private void forgetRefilled(long now) {
        Iterator<Bucket> eldest = buckets.values().iterator();
        for (int i = 0; i < 4 && eldest.hasNext(); i++) {
            Bucket bucket = eldest.next();
            if (bucket.tokens + (double) (now - bucket.updatedAt) / refillNanos >= capacity) {
                eldest.remove();
            } else {
                return;
            }
        }
    }
}
