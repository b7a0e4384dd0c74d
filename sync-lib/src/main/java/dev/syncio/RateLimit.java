package dev.syncio;

/**
 * A token bucket: {@code perSecond} events per second on average, bursts up to {@code burst}.
 * Applied per socket and per user, to every client event ({@code ping} included) and ack, before
 * anything is queued. Over the limit the packet is dropped: the first of a run gets a
 * {@code rate_limited} ack when it asked for one, the rest no answer; a socket that keeps exceeding
 * is disconnected (see {@code docs/security.md}).
 *
 * @param perSecond sustained rate, &gt; 0
 * @param burst     bucket size, &ge; 1
 */
public record RateLimit(double perSecond, int burst) {

    /** Validates. */
    public RateLimit {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("perSecond must be > 0, was " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
    }

    /** {@code perSecond} events per second, with bursts of twice that. */
    public static RateLimit perSecond(double perSecond) {
        return new RateLimit(perSecond, (int) Math.max(1, Math.ceil(perSecond * 2)));
    }
}
