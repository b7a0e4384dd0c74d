package dev.syncio.it.demo;

import dev.syncio.it.support.Chromium;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.NodeRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's orders board ({@code /orders.html}) in real headless Chromium: runs
 * {@code integration-tests/js/test/orders-browser.test.mjs} (playwright-core driving Debian's
 * {@code /usr/bin/chromium}) against the real demo service started in-process by
 * {@link DemoFixture}.
 *
 * <p>Two users' boards stay in step without reloading; a tick shows only once the server confirmed
 * it (the test holds the page's {@code PATCH} and looks at the box meanwhile); a change refused
 * with 409 shows a notice and the latest state; a board whose network drops (a TCP proxy in the
 * node test cuts its Socket.IO connection) shows what changed meanwhile once it is back, replayed
 * by connection state recovery, or, on a second demo whose recovery window is short
 * ({@value #SHORT_RECOVERY_WINDOW_MS} ms), by subscribing again and refetching.
 *
 * <p>Screenshots go to {@code integration-tests/target/screenshots/} ({@code orders.png} always,
 * {@code failure-orders-*.png} on failure). Skipped only when Chromium is not installed;
 * another browser: {@code -Dsyncio.chromium=/path/to/chromium}.
 */
class OrdersBoardBrowserTest {

    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(5);
    /** The recovery window of the second demo: shorter than the test's outage. */
    private static final String SHORT_RECOVERY_WINDOW_MS = "1000";
    /** Logins a minute the test's demos allow from one address. */
    private static final String LOGINS_PER_MINUTE = "100";

    @Test
    void boardsStayInStepShowOnlyConfirmedTicksAndCatchUpAfterTheirNetworkComesBack() throws IOException {
        Map<String, String> env = Chromium.nodeEnv();

        // every test logs two pages in through the login form: more than the default 10 logins a
        // minute from one address that the demo allows (LoginThrottleTest checks that limit)
        try (DemoFixture fixture = DemoFixture.start(Map.of("DEMO_LOGIN_ADDRESS_LIMIT", LOGINS_PER_MINUTE));
             DemoFixture shortRecovery = DemoFixture.start(Map.of("SYNC_RECOVERY_WINDOW_MS", SHORT_RECOVERY_WINDOW_MS,
                     "DEMO_LOGIN_ADDRESS_LIMIT", LOGINS_PER_MINUTE))) {
            env.put("DEMO_URL", fixture.httpUrl());
            env.put("SHORT_RECOVERY_DEMO_URL", shortRecovery.httpUrl());
            NodeRunner.assertPasses("test/orders-browser.test.mjs", env, NODE_TIMEOUT);
        }
    }
}
