package dev.syncio.dispatch;

import dev.syncio.RateLimit;

/** A token bucket: {@code burst} tokens, refilled at {@code perSecond}. Thread-safe. */
public final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    public TokenBucket(RateLimit limit, long now) {
        this.perNano = limit.perSecond() / 1e9;
        this.capacity = limit.burst();
        this.tokens = capacity;
        this.last = now;
    }

    /** Takes one token; false when the bucket is empty. */
    public synchronized boolean tryTake(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the bucket has refilled completely (it then says nothing a new bucket would not). */
    public synchronized boolean isFull(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }
}
