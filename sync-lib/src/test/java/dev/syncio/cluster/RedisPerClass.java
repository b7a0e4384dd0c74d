package dev.syncio.cluster;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.api.RedissonClient;

/**
 * One redis-server and one Redisson client for all the tests of a class, and a fresh key prefix
 * for each test, so that tests never see each other's keys. The server (and every client made
 * from it) stops after the last test. Register it as a static field; its server has started
 * before the class's own {@code @BeforeAll} methods run.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisPerClass redis = new RedisPerClass("bus-test-");
 * }</pre>
 */
public final class RedisPerClass implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final String prefixBase;
    private final AtomicInteger prefixes = new AtomicInteger();
    private LocalRedis server;
    private RedissonClient client;
    private String prefix;

    /** @param prefixBase what each test's key prefix starts with, a counter follows */
    public RedisPerClass(String prefixBase) {
        this.prefixBase = prefixBase;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = LocalRedis.start();
        client = server.newClient();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        prefix = prefixBase + prefixes.incrementAndGet();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server, for more clients or raw commands. */
    public LocalRedis server() {
        return server;
    }

    /** The class's client. */
    public RedissonClient client() {
        return client;
    }

    /** This test's key prefix. */
    public String prefix() {
        return prefix;
    }
}
