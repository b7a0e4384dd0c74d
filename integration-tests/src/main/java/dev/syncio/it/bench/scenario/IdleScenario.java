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
 * per connection.
 */
public final class IdleScenario {

    private static final Logger log = LoggerFactory.getLogger(IdleScenario.class);

    private final int roomSize;
    private final int inFlight;
    private final int loopThreads;
    private final Duration hold;

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
            long heapBefore = stats.heapUsed();
            ProcessStats before = ProcessStats.of(server.pid());
            CpuMeter serverCpu = CpuMeter.start(server.pid());
            CpuMeter ownCpu = CpuMeter.self();
            group.probe().reset();
            LoadGroup.ConnectResult connect = Waits.await(
                    group.connect(clients, inFlight, i -> minted[i], i -> "idle-" + (i / roomSize)),
                    Duration.ofMinutes(5), "connecting " + clients + " clients");
            double serverCores = serverCpu.cores();
            double ownCores = ownCpu.cores();
            double loopDelay = group.probe().maxMillis();
            log.info("{}: {} of {} connected in {} s", server.kind().label(), connect.connected(), clients,
                    String.format("%.2f", connect.elapsedNanos() / 1e9));
            TimeUnit.MILLISECONDS.sleep(hold.toMillis());   // idle: only pings flow
            long heapAfter = stats.heapUsed();
            ProcessStats after = ProcessStats.of(server.pid());
            int n = Math.max(1, connect.connected());
            return new IdleResult(server.kind().label(), clients, connect.connected(),
                    connect.failed() + group.unexpectedCloses(), connect.elapsedNanos() / 1e9,
                    (after.rssKb() - before.rssKb()) / (double) n, (heapAfter - heapBefore) / (double) n,
                    after.rssKb(), before.threads(), after.threads(), serverCores, ownCores, loopDelay,
                    connect.firstErrors());
        }
    }
}
