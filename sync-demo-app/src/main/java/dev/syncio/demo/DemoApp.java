package dev.syncio.demo;

import dev.syncio.demo.store.Seed;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the demo messaging service: reads {@link DemoConfig#fromEnv()}, starts {@link Demo}, and
 * stops it on SIGTERM / Ctrl-C.
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
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.error("cannot start the demo: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                demo.close();
            } finally {
                stopped.countDown();
            }
        }, "demo-shutdown"));
        log.info("chat page and REST API: http://localhost:{}/", demo.httpPort());
        log.info("Socket.IO: http://localhost:{}/socket.io/", demo.syncPort());
        log.info("demo users: {} (demo-only accounts; the password is in docs/demo.md)", String.join(", ", Seed.USER_IDS));
        stopped.await();
    }
}
