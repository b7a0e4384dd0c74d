package dev.syncio.it.demo;

import com.sun.net.httpserver.HttpServer;
import dev.syncio.demo.Demo;
import dev.syncio.demo.DemoConfig;
import dev.syncio.it.support.Chromium;
import dev.syncio.it.support.DemoFixture;
import dev.syncio.it.support.NodeRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo chat page in real headless Chromium: runs {@code integration-tests/js/test/browser.test.mjs}
 * (playwright-core driving Debian's {@code /usr/bin/chromium}) against the real demo service
 * started in-process by {@link DemoFixture} (free ports, in-memory database, known secrets).
 *
 * <p>Two users chat, see typing and read ticks, then the Socket.IO server goes away while the REST
 * API stays up ({@code POST <CONTROL_URL>/sync/stop}), messages are sent over REST and the webhook,
 * and the Socket.IO server comes back on the same port ({@code /sync/start}): both pages must turn
 * offline, then live again, and show what was sent meanwhile.
 *
 * <p>Connection state recovery: a page whose network drops (its Socket.IO connections go through a
 * TCP proxy in the node test that resets them all and refuses new ones) while others send
 * messages gets those messages replayed when it comes back, in order and without fetching
 * anything; on a second demo whose recovery window is short ({@value #SHORT_RECOVERY_WINDOW_MS}
 * ms) the window passes first, and the page refetches instead.
 *
 * <p>Screenshots go to {@code integration-tests/target/screenshots/} ({@code chat.png} always,
 * {@code failure-*.png} on failure). Skipped only when Chromium is not installed (CI installs it);
 * another browser: {@code -Dsyncio.chromium=/path/to/chromium}.
 */
class ChatPageBrowserTest {

    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(5);
    /** The recovery window of the second demo: shorter than the test's outage. */
    private static final String SHORT_RECOVERY_WINDOW_MS = "1000";
    /** Logins a minute the test's demos allow from one address. */
    private static final String LOGINS_PER_MINUTE = "100";

    @Test
    void twoUsersChatLiveAndCatchUpAfterTheSocketServerComesBackOrTheirNetworkDoes() throws IOException {
        Map<String, String> env = Chromium.nodeEnv();

        // the pages log in through the login form in every test, beside REST logins: more than the
        // default 10 logins a minute from one address that the demo allows (LoginThrottleTest checks it)
        try (DemoFixture fixture = DemoFixture.start(Map.of("DEMO_LOGIN_ADDRESS_LIMIT", LOGINS_PER_MINUTE));
             SocketOutage demo = new SocketOutage(fixture.demo());
             ControlServer control = new ControlServer(demo);
             DemoFixture shortRecovery = DemoFixture.start(Map.of("SYNC_RECOVERY_WINDOW_MS", SHORT_RECOVERY_WINDOW_MS,
                     "DEMO_LOGIN_ADDRESS_LIMIT", LOGINS_PER_MINUTE))) {
            env.put("DEMO_URL", fixture.httpUrl());
            env.put("CONTROL_URL", control.url());
            env.put("SHORT_RECOVERY_DEMO_URL", shortRecovery.httpUrl());
            env.put("WEBHOOK_SECRET", DemoFixture.WEBHOOK_SECRET);
            NodeRunner.assertPasses("test/browser.test.mjs", env, NODE_TIMEOUT);
        }
    }

    /**
     * The fixture's demo, whose Socket.IO server can be taken away and brought back on the same
     * port while the REST API stays on its port: {@link #stopSync()} restarts the demo on the same
     * HTTP port and database with the Socket.IO server on another (unused) port, so REST answers
     * again at once; {@link #startSync()} restarts it on both original ports. Same secrets, so
     * tokens stay valid. The demo has no way to stop only its Socket.IO server, hence the restarts.
     */
    static final class SocketOutage implements AutoCloseable {

        private final DemoConfig config;
        private final int httpPort;
        private final int syncPort;
        private Demo demo;

        /** Takes over a running demo (its owner still closes it; closing twice is harmless). */
        SocketOutage(Demo running) {
            this.demo = running;
            this.httpPort = running.httpPort();
            this.syncPort = running.syncPort();
            this.config = withPorts(running.config(), httpPort, syncPort);
        }

        int syncPort() {
            return syncPort;
        }

        synchronized void stopSync() {
            demo.close();
            demo = Demo.start(withPorts(config, httpPort, 0));
        }

        synchronized void startSync() {
            demo.close();
            demo = Demo.start(config);
        }

        @Override
        public synchronized void close() {
            demo.close();
        }

        private static DemoConfig withPorts(DemoConfig c, int httpPort, int syncPort) {
            return new DemoConfig(httpPort, syncPort, c.jwtSecret(), c.redisUrl(), c.dbUrl(), c.dbUser(),
                    c.dbPassword(), c.allowedOriginsFor(httpPort), c.rateLimit(), c.recoveryWindow(),
                    c.webhookSecret(), c.limits(), c.watchDir());
        }
    }

    /** {@code POST /sync/stop} and {@code POST /sync/start} on a loopback port, for the node test. */
    static final class ControlServer implements AutoCloseable {

        private final HttpServer server;

        ControlServer(SocketOutage demo) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            route("/sync/stop", demo::stopSync);
            route("/sync/start", demo::startSync);
            server.start();
        }

        private void route(String path, Runnable action) {
            server.createContext(path, exchange -> {
                try (exchange) {
                    if (!"POST".equals(exchange.getRequestMethod())) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    try {
                        action.run();
                        exchange.sendResponseHeaders(204, -1);
                    } catch (RuntimeException e) {
                        byte[] body = e.toString().getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(500, body.length);
                        exchange.getResponseBody().write(body);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
