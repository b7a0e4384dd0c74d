package dev.syncio.demo.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * Server-generated ids that sort by creation time: a prefix ({@code m_}, {@code c_}) and a
 * 26-character ULID (48-bit millisecond timestamp, 80 random bits, Crockford base32). Within one
 * millisecond the random part is incremented, so the ids one generator hands out are strictly
 * increasing as text, even in databases whose collation ignores case (the alphabet has one case).
 *
 * <p>Thread-safe.
 */
public final class Ids {

    private static final String ALPHABET_TEXT = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final char[] ALPHABET = ALPHABET_TEXT.toCharArray();
    private static final long RANDOM_HIGH_MASK = (1L << 16) - 1; // 16 of the 80 random bits
    private static final long TIME_MAX = (1L << 48) - 1;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long randomHigh;
    private long randomLow;

    /** Ids stamped with {@code clock}. */
    public Ids(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Ids stamped with the system clock. */
    public Ids() {
        this(Clock.systemUTC());
    }

    /** A new id: {@code prefix} followed by a monotonic ULID. */
    public String next(String prefix) {
        return prefix + nextUlid();
    }

    /** A new ULID, greater than every one this generator returned before. */
    public synchronized String nextUlid() {
        long now = Math.min(Math.max(clock.millis(), 0), TIME_MAX);
        if (now > lastMillis) {
            lastMillis = now;
            randomHigh = random.nextLong() & RANDOM_HIGH_MASK;
            randomLow = random.nextLong();
        } else {
            increment(); // same millisecond, or the clock stepped back: stay on the last timestamp
        }
        return encode(lastMillis, randomHigh, randomLow);
    }

    /** The millisecond timestamp a ULID (or a prefixed id) was generated at. */
    public static long timestampOf(String id) {
        if (id.length() < 26) {
            throw new IllegalArgumentException("not a ULID: " + id);
        }
        String ulid = id.substring(id.length() - 26);
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            int value = ALPHABET_TEXT.indexOf(ulid.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("not a ULID: " + id);
            }
            millis = (millis << 5) | value;
        }
        return millis;
    }

    private void increment() {
        randomLow++;
        if (randomLow == 0) {
            randomHigh = (randomHigh + 1) & RANDOM_HIGH_MASK;
            if (randomHigh == 0) {
                // 2^80 ids in one millisecond: move to the next one instead of wrapping around
                lastMillis++;
            }
        }
    }

    private static String encode(long millis, long high16, long low64) {
        char[] out = new char[26];
        // 10 characters of time (50 bits, the top two always zero)
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 16 characters of randomness: the 80 bits high16:low64, five at a time from the end
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low64 & 31)];
            low64 = (low64 >>> 5) | ((high16 & 31) << 59);
            high16 >>>= 5;
        }
        return new String(out);
    }
}
