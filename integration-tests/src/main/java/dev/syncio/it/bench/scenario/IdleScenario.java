package dev.syncio.it.bench.scenario;

import dev.syncio.it.bench.load.BenchTokens;
import dev.syncio.it.bench.load.LoadGroup;
import dev.syncio.it.bench.measure.CpuMeter;
import dev.syncio.it.bench.measure.ProcessStats;
import dev.syncio.it.bench.server.ServerHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 1: {@code clients} authenticated clients connect (at most {@code inFlight} handshakes
 * at a time), each joins a conversation of {@code roomSize} members, then they stay idle for
 * {@code hold}. Measures the time until all are in, errors, and the server's RSS, heap and threads
 * per connection; then the same clients close and connect again to the now warm server, timed and
 * measured apart: the first connect also pays for compiling the server's code and for memory that
 * every later connection shares.
 */
public final class IdleScenario {

    private static final Logger log = LoggerFactory.getLogger(IdleScenario.class);

    private final int roomSize;
    private final int inFlight;
    private final int loopThreads;
    private final Duration hold;
    /** How long an RSS reading may wait for the server to give freed heap back. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    public IdleScenario(int roomSize, int inFlight, int loopThreads, Duration hold) {
        this.roomSize = roomSize;
        this.inFlight = inFlight;
        this.loopThreads = loopThreads;
        this.hold = hold;
    }

    /** Runs {@code clients} idle clients against {@code server}. */
    public IdleResult run(ServerHandle server, int clients, BenchTokens tokens) throws InterruptedException {
        // tokens are minted before the clock starts: signing is the issuer's cost, not the server's
        String[] minted = new String[clients];
        for (int i = 0; i < clients; i++) {
            minted[i] = tokens.mint("idle-" + i);
        }
        try (StatsClient stats = new StatsClient(server.port(), tokens);
             LoadGroup group = new LoadGroup(server.port(), loopThreads)) {
            int threadsBefore = ProcessStats.of(server.pid()).threads();
            Memory before = Memory.read(stats, server.pid());
            Connect cold = connect(server, group, clients, minted);
            TimeUnit.MILLISECONDS.sleep(hold.toMillis());   // idle: only pings flow
            Memory after = Memory.read(stats, server.pid());
            int threadsAfter = ProcessStats.of(server.pid()).threads();
            long errors = cold.result().failed() + group.unexpectedCloses();
            // the same clients again, to a server whose code is compiled: a reconnect storm after a
            // network blip rather than after a deploy
            group.closeClients();
            Waits.quiet(server.pid(), Duration.ofSeconds(30));
            // memory again, now without what the first connections paid once for every later one
            // (compiled code, loaded classes, the allocator's arenas): the cost of one more connection
            Memory empty = Memory.read(stats, server.pid());
            Connect warm = connect(server, group, clients, minted);
            TimeUnit.MILLISECONDS.sleep(hold.toMillis());   // the same idle hold
            Memory warmed = Memory.read(stats, server.pid());
            int n = Math.max(1, cold.result().connected());
            int warmN = Math.max(1, warm.result().connected());
            return new IdleResult(server.kind().label(), clients, cold.result().connected(),
                    errors + warm.result().failed(), cold.seconds(), (after.rssKb() - before.rssKb()) / (double) n,
                    (after.heap() - before.heap()) / (double) n, after.rssKb(), threadsBefore, threadsAfter,
                    cold.serverCores(), cold.generatorCores(), cold.loopDelayMs(), cold.serverMicrosPerConnect(),
                    warm.seconds(), warm.serverMicrosPerConnect(), (warmed.rssKb() - empty.rssKb()) / (double) warmN,
                    (warmed.heap() - empty.heap()) / (double) warmN, cold.result().firstErrors());
        }
    }

    private Connect connect(ServerHandle server, LoadGroup group, int clients, String[] minted)
            throws InterruptedException {
        CpuMeter serverCpu = CpuMeter.start(server.pid());
        CpuMeter ownCpu = CpuMeter.self();
        group.probe().reset();
        LoadGroup.ConnectResult result = Waits.await(
                group.connect(clients, inFlight, i -> minted[i], i -> "idle-" + (i / roomSize)),
                Duration.ofMinutes(5), "connecting " + clients + " clients");
        Connect connect = new Connect(result, serverCpu.cores(), ownCpu.cores(), group.probe().maxMillis(),
                serverCpu.cpuNanos() / 1e3 / Math.max(1, result.connected()));
        log.info("{}: {} of {} connected in {} s, server CPU {} us per connection", server.kind().label(),
                result.connected(), clients, String.format("%.2f", connect.seconds()),
                String.format("%.0f", connect.serverMicrosPerConnect()));
        return connect;
    }

    /** The server's heap after a full GC and its RSS once settled, read in that order. */
    private record Memory(long heap, long rssKb) {
        static Memory read(StatsClient stats, long pid) throws InterruptedException {
            long heap = stats.heapUsed();
            return new Memory(heap, Waits.settledRssKb(pid, SETTLE));
        }
    }

    /** One connect phase: the clients' outcome and what it cost the server and the generator. */
    private record Connect(LoadGroup.ConnectResult result, double serverCores, double generatorCores,
                           double loopDelayMs, double serverMicrosPerConnect) {
        double seconds() {
            return result.elapsedNanos() / 1e9;
        }
    }
}
