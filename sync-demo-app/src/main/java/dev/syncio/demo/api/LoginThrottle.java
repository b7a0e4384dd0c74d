package dev.syncio.demo.api;

import dev.syncio.demo.DemoConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code POST /api/login} from being used to burn CPU or guess passwords. A password check
 * costs about a second of CPU (PBKDF2), so before one starts:
 * <ul>
 *   <li>the user name must not have too many recent failures (a token bucket per user name that
 *       only failures drain): 429 {@code rate_limited};</li>
 *   <li>the client address must not have made too many attempts (a token bucket per address that
 *       every attempt drains): 429 {@code rate_limited};</li>
 *   <li>fewer than {@code concurrency} checks may be running: otherwise 503 {@code unavailable} at
 *       once, instead of queueing more CPU work.</li>
 * </ul>
 * Refusals carry {@code Retry-After}. Memory is bounded ({@link TokenBuckets}). The limits are per
 * process: each node of a cluster counts on its own.
 */
public final class LoginThrottle {

    /** A started password check: {@link #close()} it; {@link #failed()} when the password was wrong. */
    public interface Permit extends AutoCloseable {
        /** Counts a failed login against the user name. */
        void failed();

        /** Ends the check (releases the hashing slot). */
        @Override
        void close();
    }

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    /** Longer names cannot exist (the id column is 64 characters); they share one key per prefix. */
    private static final int MAX_NAME_KEY = 64;
    private static final int MAX_KEYS = 10_000;
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final TokenBuckets perAddress;
    private final TokenBuckets failuresPerUser;
    private final Semaphore hashing;

    /**
     * @param perAddress      attempts per client address
     * @param failuresPerUser failed attempts per user name
     * @param concurrency     password checks at once
     */
    public LoginThrottle(TokenBuckets perAddress, TokenBuckets failuresPerUser, int concurrency) {
        this.perAddress = Objects.requireNonNull(perAddress, "perAddress");
        this.failuresPerUser = Objects.requireNonNull(failuresPerUser, "failuresPerUser");
        this.hashing = new Semaphore(concurrency);
    }

    /** The throttle the configuration asks for. */
    public static LoginThrottle of(DemoConfig.Limits limits) {
        return new LoginThrottle(
                TokenBuckets.perPeriod(limits.loginsPerAddress(), Duration.ofMinutes(1), MAX_KEYS),
                TokenBuckets.perPeriod(limits.loginFailuresPerUser(), Duration.ofMinutes(15), MAX_KEYS),
                limits.loginConcurrency());
    }

    /**
     * Permission to check one password now.
     *
     * @throws ApiException 429 {@code rate_limited} or 503 {@code unavailable}, with {@code Retry-After}
     */
    public Permit acquire(String address, String username) {
        String user = username.length() > MAX_NAME_KEY ? username.substring(0, MAX_NAME_KEY) : username;
        Duration userWait = failuresPerUser.waitFor(user);
        if (!userWait.isZero()) {
            log.debug("login refused: too many failures for this user name (from {})", address);
            throw ApiException.rateLimited("too many failed logins for this user, try again later", userWait);
        }
        Duration addressWait = perAddress.tryTake(address);
        if (!addressWait.isZero()) {
            log.debug("login refused: too many attempts from {}", address);
            throw ApiException.rateLimited("too many login attempts, try again later", addressWait);
        }
        if (!hashing.tryAcquire()) {
            log.debug("login refused: every password check slot is busy (from {})", address);
            throw ApiException.unavailable("too many logins in progress, try again shortly", BUSY_RETRY);
        }
        return new Permit() {
            private boolean closed;

            @Override
            public void failed() {
                failuresPerUser.take(user);
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    hashing.release();
                }
            }
        };
    }
}
