package dev.syncio.dispatch;

import dev.syncio.RateLimit;
import java.util.HashMap;
import java.util.Map;

/**
 * The rate limit of one socket (or of one session's CONNECTs), judged on the event loop before
 * anything is parsed further, queued or answered: one token bucket shared by all events, one per
 * event that has its own limit, then the user's bucket ({@link UserRateLimits}), shared by all the
 * user's sockets and kept across reconnects.
 *
 * <p>What happens to a refused packet: the first refusal after an accepted packet is
 * {@link Verdict#REFUSE} (the caller may answer it with one {@code rate_limited} ack); the ones
 * that follow are {@link Verdict#DROP}ped silently. Every refusal also takes a token from an
 * offence bucket (bursts of {@code maxDropped}, refilled at {@code maxDropped} per window); once
 * that is empty the verdict is {@link Verdict#DISCONNECT}. Used by one thread at a time (the
 * session's event loop); the user buckets are shared and thread-safe.
 */
public final class RateLimiter {

    /** What to do with one packet. */
    public enum Verdict {
        /** Within the limits: handle it. */
        ACCEPT,
        /** Over a limit, the first of a run of refusals: drop it; one {@code rate_limited} ack may answer it. */
        REFUSE,
        /** Over a limit again: drop it without an answer. */
        DROP,
        /** Over a limit, and too many refusals within the window: drop it and close the session. */
        DISCONNECT
    }

    private final RateLimit defaultLimit;
    private final Map<String, RateLimit> perEvent;
    /** The bucket of events without their own limit, acks and CONNECTs; made at the first packet. */
    private TokenBucket defaultBucket;
    /**
     * Buckets of events with their own limit, made when one is first seen (most sockets never need
     * one). An immutable map replaced whole when a bucket is added: at most one per configured
     * limit, and a socket that uses one or two holds a single small object, not a hash table.
     */
    private Map<String, TokenBucket> eventBuckets = Map.of();
    private final RateLimit offenceLimit;
    /**
     * Made at the first refusal: most sockets are never refused. A bucket made then holds what one
     * made with the limiter would hold by then (it would have stayed full), so the verdicts are the same.
     */
    private TokenBucket offences;
    private boolean refusing;
    private long dropped;

    /**
     * @param defaultLimit the bucket of every event without its own limit (and of acks, CONNECTs)
     * @param perEvent     events with their own bucket
     * @param offenceLimit refusals tolerated: bursts of {@code burst}, refilled at {@code perSecond}
     */
    public RateLimiter(RateLimit defaultLimit, Map<String, RateLimit> perEvent, RateLimit offenceLimit) {
        this.defaultLimit = defaultLimit;
        this.perEvent = perEvent;
        this.offenceLimit = offenceLimit;
    }

    /**
     * Judges one packet.
     *
     * @param event the event's name, or null for an ack or a CONNECT (the default bucket)
     * @param user  the user's bucket, or null when there is none (not authenticated yet, CONNECT)
     */
    public Verdict admit(String event, TokenBucket user) {
        long now = System.nanoTime();
        RateLimit own = event == null ? null : perEvent.get(event);
        TokenBucket bucket;
        if (own == null) {
            if (defaultBucket == null) {
                defaultBucket = new TokenBucket(defaultLimit, now);
            }
            bucket = defaultBucket;
        } else {
            bucket = eventBuckets.get(event);
            if (bucket == null) {
                bucket = new TokenBucket(own, now);
                Map<String, TokenBucket> grown = new HashMap<>(eventBuckets);
                grown.put(event, bucket);
                eventBuckets = Map.copyOf(grown);
            }
        }
        if (bucket.tryTake(now) && (user == null || user.tryTake(now))) {
            refusing = false;
            return Verdict.ACCEPT;
        }
        dropped++;
        if (offences == null) {
            offences = new TokenBucket(offenceLimit, now);
        }
        if (!offences.tryTake(now)) {
            return Verdict.DISCONNECT;
        }
        if (refusing) {
            return Verdict.DROP;
        }
        refusing = true;
        return Verdict.REFUSE;
    }

    /** Packets refused so far. */
    public long dropped() {
        return dropped;
    }
}
