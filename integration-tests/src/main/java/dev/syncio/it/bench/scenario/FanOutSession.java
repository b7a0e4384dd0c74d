package dev.syncio.it.bench.scenario;

import dev.syncio.it.bench.load.BenchTokens;
import dev.syncio.it.bench.load.DeliverySink;
import dev.syncio.it.bench.load.LoadClient;
import dev.syncio.it.bench.load.LoadGroup;
import dev.syncio.it.bench.measure.CpuMeter;
import dev.syncio.it.bench.measure.LatencyRecorder;
import dev.syncio.it.bench.server.ServerHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out clients of one server, connected once: {@code rooms} conversations of
 * {@code members} clients, the first member of each the sender. Offers one rate at a time
 * ({@link FanOutRun}) and measures it; several sessions (one per server) can stay open so that
 * the saturation scenario alternates the servers at every rate.
 */
public final class FanOutSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FanOutSession.class);
    /** How long stragglers may take after the last send before they count as lost. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final ServerHandle server;
    private final LoadGroup group;
    private final int members;
    private final int clients;
    private final List<LoadClient> senders = new ArrayList<>();
    private long connectNanos;
    private int nextBase;

    private FanOutSession(ServerHandle server, LoadGroup group, int members, int clients) {
        this.server = server;
        this.group = group;
        this.members = members;
        this.clients = clients;
    }

    /** Connects and joins every member (bounded: 2 minutes); fails if any client fails. */
    public static FanOutSession open(ServerHandle server, BenchTokens tokens, int rooms, int members, int inFlight,
                                     int loopThreads) throws InterruptedException {
        return open(server, tokens, rooms, members, inFlight, loopThreads, Duration.ofMinutes(2));
    }

    /** Connects and joins every member within {@code limit}; fails if any client fails. */
    public static FanOutSession open(ServerHandle server, BenchTokens tokens, int rooms, int members, int inFlight,
                                     int loopThreads, Duration limit) throws InterruptedException {
        int clients = rooms * members;
        String[] minted = new String[clients];
        for (int i = 0; i < clients; i++) {
            minted[i] = tokens.mint("fan-" + i);
        }
        LoadGroup group = new LoadGroup(server.ports(), loopThreads);
        FanOutSession session = new FanOutSession(server, group, members, clients);
        try {
            LoadGroup.ConnectResult connect = Waits.await(
                    group.connect(clients, inFlight, i -> minted[i], i -> "fan-" + (i / members)),
                    limit, "connecting " + clients + " clients");
            if (connect.failed() > 0) {
                throw new IllegalStateException(connect.failed() + " of " + clients
                        + " fan-out clients failed to connect: " + connect.firstErrors());
            }
            session.connectNanos = connect.elapsedNanos();
        } catch (RuntimeException | InterruptedException e) {
            session.close();
            throw e;
        }
        for (LoadClient client : group.clients()) {
            if (client.index() % members == 0) {
                session.senders.add(client);
            }
        }
        return session;
    }

    /** From the first connect until every client had its join ack (tokens are minted before), in s. */
    public double connectSeconds() {
        return connectNanos / 1e9;
    }

    public ServerHandle server() {
        return server;
    }

    /** Offers {@code deliveriesPerSecond} for {@code duration} without measuring (JIT warm-up). */
    public void warmUp(double deliveriesPerSecond, Duration duration) throws InterruptedException {
        FanOutRun run = newRun(deliveriesPerSecond, duration);
        group.sink(run);
        run.start();
        run.awaitSent();
        run.awaitDelivered(DRAIN);
        group.sink(DeliverySink.IGNORE);
    }

    /** Offers {@code deliveriesPerSecond} for {@code duration} and measures it. */
    public FanOutResult measure(double deliveriesPerSecond, Duration duration) throws InterruptedException {
        FanOutRun run = newRun(deliveriesPerSecond, duration);
        long closesBefore = group.unexpectedCloses();
        group.sink(run);
        group.probe().reset();
        CpuMeter serverCpu = CpuMeter.start(server.pids());
        CpuMeter ownCpu = CpuMeter.self();
        run.start();
        run.awaitSent();
        double serverCores = serverCpu.cores();
        double ownCores = ownCpu.cores();
        double loopMax = group.probe().maxMillis();
        double loopMean = group.probe().meanMillis();
        run.awaitDelivered(DRAIN);
        long serverCpuNanos = serverCpu.cpuNanos();
        long serverSystemNanos = serverCpu.systemNanos();
        long serverJitNanos = serverCpu.jitNanos();
        group.sink(DeliverySink.IGNORE);
        LatencyRecorder.Summary latency = run.latencies().summary();
        long received = run.received();
        FanOutResult result = new FanOutResult(server.label(), deliveriesPerSecond,
                received / run.durationSeconds(), run.sent(), run.expected(), run.expected() - received,
                run.duplicates(), latency.p50(), latency.p90(), latency.p99(), latency.max(),
                received == 0 ? 0 : serverCpuNanos / 1e3 / received,
                received == 0 ? 0 : serverSystemNanos / 1e3 / received,
                received == 0 ? 0 : serverJitNanos / 1e3 / received, serverCores, ownCores, loopMax, loopMean,
                group.unexpectedCloses() - closesBefore);
        log.info("{} at {}/s: p99 {} ms, lost {}, {} us CPU/delivery", server.label(), (long) deliveriesPerSecond,
                String.format("%.2f", result.p99Ms()), result.lost(), String.format("%.1f", result.serverCpuUsPerDelivery()));
        return result;
    }

    private FanOutRun newRun(double deliveriesPerSecond, Duration duration) {
        FanOutRun run = new FanOutRun(senders, members, deliveriesPerSecond, duration, nextBase, clients);
        nextBase = run.end();
        return run;
    }

    @Override
    public void close() {
        group.close();
    }
}
