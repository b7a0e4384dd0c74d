package dev.syncio.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.corundumstudio.socketio.SocketIOServer;
import dev.syncio.SyncServer;
import dev.syncio.it.bench.load.BenchTokens;
import dev.syncio.it.bench.scenario.FanOutResult;
import dev.syncio.it.bench.scenario.FanOutSession;
import dev.syncio.it.bench.scenario.IdleResult;
import dev.syncio.it.bench.scenario.IdleScenario;
import dev.syncio.it.bench.server.BaselineServer;
import dev.syncio.it.bench.server.BenchServer;
import dev.syncio.it.bench.server.ServerHandle;
import dev.syncio.it.bench.server.ServerKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's machinery at tiny sizes, in the normal suite: the load generator against
 * {@link BenchServer} and {@link BaselineServer} in this JVM. It checks counts only (everyone
 * connected, nothing lost or duplicated), never timings: speed is measured by
 * {@code integration-tests/bench.sh}, not by tests.
 */
@Timeout(60)
class BenchSmokeTest {

    private static final String SECRET = "bench-smoke-test-hmac-secret-0123456789-abcdefgh";
    private static final BenchPlan PLAN = BenchPlan.smoke();
    private final BenchTokens tokens = new BenchTokens(SECRET);

    @Test
    void syncioConnectsEveryIdleClientAndDeliversEveryMessageOnce() throws Exception {
        SyncServer server = BenchServer.create("127.0.0.1", 0, SECRET).start();
        try (ServerHandle handle = inProcess(ServerKind.SYNCIO, server.port(), server::close)) {
            assertRunsCleanly(handle);
        }
    }

    @Test
    void baselineConnectsEveryIdleClientAndDeliversEveryMessageOnce() throws Exception {
        int port = freePort();
        SocketIOServer server = BaselineServer.create("127.0.0.1", port, SECRET);
        server.start();
        try (ServerHandle handle = inProcess(ServerKind.BASELINE, port, server::stop)) {
            assertRunsCleanly(handle);
        }
    }

    private void assertRunsCleanly(ServerHandle server) throws InterruptedException {
        int clients = PLAN.idleClients().get(0);
        IdleResult idle = new IdleScenario(PLAN.idleRoomSize(), PLAN.inFlight(), PLAN.loopThreads(), PLAN.idleHold())
                .run(server, clients, tokens);
        assertEquals(clients, idle.connected(), () -> "connected; first errors " + idle.firstErrors());
        assertEquals(0, idle.errors(), "idle errors");

        try (FanOutSession session = FanOutSession.open(server, tokens, PLAN.rooms(), PLAN.members(), PLAN.inFlight(),
                PLAN.loopThreads())) {
            FanOutResult fanOut = session.measure(PLAN.fanOutRates().get(0), PLAN.period());
            assertTrue(fanOut.messages() > 0, "messages sent");
            assertEquals(fanOut.messages() * PLAN.members(), fanOut.expected(), "every member expects every message");
            assertEquals(0, fanOut.lost(), "lost deliveries");
            assertEquals(0, fanOut.duplicates(), "duplicate deliveries");
            assertEquals(0, fanOut.errors(), "connections closed");
        }
    }

    /** A server in this JVM: its /proc figures are the test JVM's, which the smoke test does not assert. */
    private static ServerHandle inProcess(ServerKind kind, int port, Runnable stop) {
        return new ServerHandle() {
            @Override
            public ServerKind kind() {
                return kind;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public long pid() {
                return ProcessHandle.current().pid();
            }

            @Override
            public void close() {
                stop.run();
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
