package dev.syncio.dispatch;

import static dev.syncio.dispatch.RateLimiter.Verdict.ACCEPT;
import static dev.syncio.dispatch.RateLimiter.Verdict.DISCONNECT;
import static dev.syncio.dispatch.RateLimiter.Verdict.DROP;
import static dev.syncio.dispatch.RateLimiter.Verdict.REFUSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.syncio.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Buckets that never refill during a test (a rate of one token in ~11 days), so verdicts are exact. */
class RateLimiterTest {

    private static final double NEVER = 1e-6;

    private static RateLimit burstOf(int burst) {
        return new RateLimit(NEVER, burst);
    }

    @Test
    void theBurstPassesThenOneRefusalThenSilentDropsThenADisconnect() {
        RateLimiter limiter = new RateLimiter(burstOf(3), Map.of(), burstOf(5));
        List<RateLimiter.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            verdicts.add(limiter.admit("m", null));
        }
        assertEquals(List.of(ACCEPT, ACCEPT, ACCEPT, REFUSE, DROP, DROP, DROP, DROP, DISCONNECT, DISCONNECT), verdicts);
        assertEquals(7, limiter.dropped());
    }

    @Test
    void anAcceptedEventEndsTheRunOfRefusals() {
        RateLimiter limiter = new RateLimiter(burstOf(1), Map.of("other", burstOf(1)), burstOf(100));
        assertEquals(ACCEPT, limiter.admit("m", null));
        assertEquals(REFUSE, limiter.admit("m", null));
        assertEquals(DROP, limiter.admit("m", null));
        assertEquals(ACCEPT, limiter.admit("other", null), "its own bucket");
        assertEquals(REFUSE, limiter.admit("m", null), "a new run: one more rate_limited ack");
    }

    @Test
    void acksAndConnectsTakeFromTheDefaultBucket() {
        RateLimiter limiter = new RateLimiter(burstOf(2), Map.of("ping", burstOf(10)), burstOf(100));
        assertEquals(ACCEPT, limiter.admit(null, null));
        assertEquals(ACCEPT, limiter.admit("m", null));
        assertEquals(REFUSE, limiter.admit(null, null));
        assertEquals(ACCEPT, limiter.admit("ping", null));
    }

    @Test
    void eventsWithTheirOwnLimitKeepTheirOwnBucketsAsMoreAreSeen() {
        RateLimiter limiter = new RateLimiter(burstOf(1),
                Map.of("a", burstOf(2), "b", burstOf(1), "c", burstOf(3)), burstOf(100));
        assertEquals(ACCEPT, limiter.admit("a", null));
        assertEquals(ACCEPT, limiter.admit("b", null));
        assertEquals(ACCEPT, limiter.admit("c", null));
        assertEquals(ACCEPT, limiter.admit("a", null), "a's bucket kept its second token when b and c came");
        assertEquals(REFUSE, limiter.admit("a", null));
        assertEquals(DROP, limiter.admit("b", null));
        assertEquals(ACCEPT, limiter.admit("c", null));
        assertEquals(ACCEPT, limiter.admit("c", null));
        assertEquals(REFUSE, limiter.admit("c", null));
        assertEquals(ACCEPT, limiter.admit(null, null), "the default bucket is apart from them all");
    }

    @Test
    void theOffenceLimitCountsFromTheFirstRefusalHoweverLongAfterTheStartItComes() {
        // a socket that behaves for a long time, then floods: the offence bucket is made at its first
        // refusal, full, exactly as one made with the limiter would be by then
        RateLimiter limiter = new RateLimiter(burstOf(50), Map.of(), burstOf(2));
        for (int i = 0; i < 50; i++) {
            assertEquals(ACCEPT, limiter.admit("m", null));
        }
        assertEquals(List.of(REFUSE, DROP, DISCONNECT),
                List.of(limiter.admit("m", null), limiter.admit("m", null), limiter.admit("m", null)));
    }

    @Test
    void theUserBucketIsSharedBySocketsAndOutlivesThem() {
        UserRateLimits users = new UserRateLimits(burstOf(4), 10);
        RateLimiter first = new RateLimiter(burstOf(3), Map.of(), burstOf(100));
        for (int i = 0; i < 3; i++) {
            assertEquals(ACCEPT, first.admit("m", users.bucket("alice")));
        }
        // a new socket of the same user (a reconnect): a full socket bucket, but one user token left
        RateLimiter second = new RateLimiter(burstOf(3), Map.of(), burstOf(100));
        assertEquals(ACCEPT, second.admit("m", users.bucket("alice")));
        assertEquals(REFUSE, second.admit("m", users.bucket("alice")));
        // another user is not affected
        assertEquals(ACCEPT, second.admit("m", users.bucket("bob")));
    }

    @Test
    void userBucketsAreBoundedAndForgottenOnceFull() {
        UserRateLimits users = new UserRateLimits(new RateLimit(1e9, 2), 2);
        TokenBucket alice = users.bucket("alice");
        assertSame(alice, users.bucket("alice"));
        assertNotNull(users.bucket("bob"));
        assertNull(users.bucket("carol"), "past maxUsers a user gets no bucket (the socket limits still apply)");
        alice.tryTake(System.nanoTime());
        users.sweep(); // at 1e9 per second every bucket has refilled by now
        assertEquals(0, users.size());
        assertNotNull(users.bucket("carol"));
    }
}
