package dev.syncio.dispatch;

import dev.syncio.RateLimit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets of one socket: one shared by all events, plus one per event that has its own
 * limit. Used on the socket's callback thread only.
 */
public final class RateLimiter {

    private final RateLimit defaultLimit;
    private final Map<String, RateLimit> perEvent;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimit defaultLimit, Map<String, RateLimit> perEvent) {
        this.defaultLimit = defaultLimit;
        this.perEvent = perEvent;
    }

    /** Takes a token for {@code event}; false when the socket is over its limit. */
    public boolean tryAcquire(String event) {
        RateLimit limit = perEvent.get(event);
        String key = limit == null ? "" : event;
        RateLimit applied = limit == null ? defaultLimit : limit;
        return buckets.computeIfAbsent(key, k -> new Bucket(applied)).tryTake(System.nanoTime());
    }

    private static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long last;

        Bucket(RateLimit limit) {
            this.perNano = limit.perSecond() / 1e9;
            this.capacity = limit.burst();
            this.tokens = capacity;
            this.last = System.nanoTime();
        }

        synchronized boolean tryTake(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
