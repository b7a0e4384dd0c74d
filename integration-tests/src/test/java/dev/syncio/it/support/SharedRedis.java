package dev.syncio.it.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One redis-server for all the tests of a class, started before the first and stopped after the
 * last (tests keep apart by key prefix). Missing redis-server fails on CI and skips elsewhere, as
 * {@link RedisServer#start()} decides.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedRedis redis = new SharedRedis();
 * ... ClusterNodes.start(redis.server(), 2, b -> { });
 * }</pre>
 */
public final class SharedRedis implements BeforeAllCallback, AfterAllCallback {

    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = RedisServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server. */
    public RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("redis-server is not running: register SharedRedis as a static extension");
        }
        return server;
    }
}
