package dev.syncio.demo;

import dev.syncio.demo.store.Seed;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the demo messaging service: reads {@link DemoConfig#fromEnv()}, starts {@link Demo}, and
 * stops it on SIGTERM / Ctrl-C (a shutdown hook): {@link Demo#close()} within
 * {@code DEMO_SHUTDOWN_TIMEOUT_MS}, after which the process exits whether or not it finished.
 */
public final class DemoApp {

    private static final Logger log = LoggerFactory.getLogger(DemoApp.class);

    private DemoApp() {
    }

    /** Starts the service and waits until the JVM is asked to stop. */
    public static void main(String[] args) throws InterruptedException {
        DemoConfig config;
        Demo demo;
        try {
            config = DemoConfig.fromEnv();
            demo = Demo.start(config);
        } catch (RuntimeException | Error e) {
            log.error("cannot start the demo: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                shutDown(demo, config.limits().shutdownTimeout());
            } finally {
                stopped.countDown();
            }
        }, "demo-shutdown"));
        log.info("chat page and REST API: http://localhost:{}/ (orders board: /orders.html)", demo.httpPort());
        log.info("Socket.IO: http://localhost:{}/socket.io/", demo.syncPort());
        log.info("demo users: {} (demo-only accounts; the password is in docs/demo.md)", String.join(", ", Seed.USER_IDS));
        stopped.await();
    }

    /**
     * Closes the demo on a thread of its own and waits for it at most {@code bound}: the JVM exits
     * when this returns (the closing thread is a daemon), so a step that hangs cannot keep the
     * process alive.
     */
    static void shutDown(Demo demo, Duration bound) {
        log.info("shutting down (SIGTERM or Ctrl-C), within {} ms", bound.toMillis());
        long started = System.nanoTime();
        Thread closer = new Thread(() -> {
            try {
                demo.close();
            } catch (RuntimeException e) {
                log.warn("stopping the demo failed", e);
            }
        }, "demo-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        if (closer.isAlive()) {
            log.error("the demo did not stop within {} ms; exiting anyway", bound.toMillis());
        } else {
            log.info("shut down in {} ms", tookMs);
        }
    }
}
