package dev.syncio.it.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.EchoServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.RedisServer;
import io.netty.util.Version;
import io.socket.client.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * syncio and Redisson share one Netty line (4.2, the newest): both run in one JVM, against a real
 * client and a real redis-server.
 */
class NettyLineTest {

    @Test
    void everyNettyModuleOnTheClasspathIsTheSameRelease() {
        var versions = Version.identify().values().stream().map(Version::artifactVersion).distinct().toList();
        assertEquals(1, versions.size(), "Netty artifacts of different releases: " + Version.identify());
        assertTrue(versions.get(0).startsWith("4.2."), "expected the 4.2 line, got " + versions);
    }

    @Test
    void socketServerAndRedissonWorkTogetherInOneJvm() throws Exception {
        try (RedisServer redis = RedisServer.start();
             EchoServer server = EchoServer.start();
             JavaClients clients = new JavaClients()) {
            Config config = new Config();
            config.useSingleServer().setAddress(redis.url());
            RedissonClient redisson = Redisson.create(config);
            try {
                CompletableFuture<String> received = new CompletableFuture<>();
                redisson.getTopic("syncio-smoke").addListener(String.class, (channel, msg) -> received.complete(msg));
                redisson.getTopic("syncio-smoke").publish("over redis");
                assertEquals("over redis", received.get(5, TimeUnit.SECONDS));

                Socket socket = clients.connect(server.url(), "websocket");
                CompletableFuture<Object[]> acked = new CompletableFuture<>();
                socket.emit("echo", new Object[] {"over socket.io"}, acked::complete);
                assertEquals("over socket.io", acked.get(5, TimeUnit.SECONDS)[0]);
            } finally {
                redisson.shutdown();
            }
        }
    }
}
