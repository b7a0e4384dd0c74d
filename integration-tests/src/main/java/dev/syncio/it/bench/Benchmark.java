package dev.syncio.it.bench;

import dev.syncio.it.bench.load.BenchTokens;
import dev.syncio.it.bench.measure.CpuMeter;
import dev.syncio.it.bench.report.JsonReport;
import dev.syncio.it.bench.report.Table;
import dev.syncio.it.bench.scenario.FanOutResult;
import dev.syncio.it.bench.scenario.FanOutSession;
import dev.syncio.it.bench.scenario.IdleResult;
import dev.syncio.it.bench.scenario.IdleScenario;
import dev.syncio.it.bench.scenario.RoomSizeResult;
import dev.syncio.it.bench.server.ClusterHandle;
import dev.syncio.it.bench.server.RedisProcess;
import dev.syncio.it.bench.server.ServerHandle;
import dev.syncio.it.bench.server.ServerKind;
import dev.syncio.it.bench.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load benchmark (issue 8): runs the idle, fan-out, saturation and room-size scenarios against syncio
 * ({@code BenchServer}), the netty-socketio baseline and, when Node is installed, the Node
 * socket.io server, alternating the servers for every size, each in a fresh process. Prints a
 * table per scenario with the ratios syncio/baseline and syncio/node, and writes JSON under
 * {@code target/bench/}. Run it with
 * {@code integration-tests/bench.sh [quick|full] [idle] [fanout] [saturation] [rooms] [cluster]}.
 *
 * <p>System properties: {@code syncio.bench.out} (default {@code target/bench}),
 * {@code syncio.bench.node.dir} (default {@code bench/node}), {@code syncio.bench.servers}
 * (default {@code syncio,baseline,node}), {@code syncio.bench.commit} (recorded in the JSON),
 * {@code syncio.bench.roomSizes} (e.g. {@code 10000}: the room-size scenario at these sizes only).
 */
public final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    private static final List<String> SCENARIOS = List.of("idle", "fanout", "saturation", "rooms", "cluster");
    /** How long the room-size scenario measures a server's idle CPU (pings only) before it sends. */
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(3);

    private final BenchPlan plan;
    private final List<ServerKind> servers;
    private final Path out;
    private final Path nodeDir;
    private final String secret;
    private final BenchTokens tokens;
    private final JsonReport json;

    private Benchmark(BenchPlan plan, List<ServerKind> servers, Path out, Path nodeDir) {
        this.plan = plan;
        this.servers = servers;
        this.out = out;
        this.nodeDir = nodeDir;
        this.secret = randomSecret();
        this.tokens = new BenchTokens(secret);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("plan", plan.name());
        context.put("startedAt", Instant.now().toString());
        context.put("commit", System.getProperty("syncio.bench.commit", "unknown"));
        context.put("cores", Runtime.getRuntime().availableProcessors());
        context.put("servers", servers.stream().map(ServerKind::label).toList());
        this.json = new JsonReport(out, context);
    }

    /** {@code Benchmark [quick|full] [idle] [fanout] [saturation] [rooms] [cluster]}; no scenario means all. */
    public static void main(String[] args) throws Exception {
        BenchPlan plan = BenchPlan.quick();
        Set<String> scenarios = new LinkedHashSet<>();
        for (String arg : args) {
            switch (arg) {
                case "quick" -> plan = BenchPlan.quick();
                case "full" -> plan = BenchPlan.full();
                default -> {
                    if (!SCENARIOS.contains(arg)) {
                        System.err.println("usage: Benchmark [quick|full] [" + String.join("] [", SCENARIOS) + "]");
                        System.exit(2);
                    }
                    scenarios.add(arg);
                }
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(SCENARIOS);
        }
        Path nodeDir = Path.of(System.getProperty("syncio.bench.node.dir", "bench/node"));
        List<ServerKind> servers = servers(System.getProperty("syncio.bench.servers", "syncio,baseline,node"), nodeDir);
        String sizes = System.getProperty("syncio.bench.roomSizes", "");
        if (!sizes.isBlank()) {
            plan = plan.withRoomSizes(Arrays.stream(sizes.split(",")).map(String::trim).map(Integer::valueOf).toList());
        }
        Benchmark bench = new Benchmark(plan, servers, Path.of(System.getProperty("syncio.bench.out", "target/bench")), nodeDir);
        log.info("plan {}, scenarios {}, servers {}", plan.name(), scenarios, servers);
        bench.warmUpGenerator();
        if (scenarios.contains("idle")) {
            bench.idle();
        }
        if (scenarios.contains("fanout")) {
            bench.fanOut();
        }
        if (scenarios.contains("saturation")) {
            bench.saturation();
        }
        if (scenarios.contains("rooms")) {
            bench.roomSizes();
        }
        if (scenarios.contains("cluster")) {
            bench.cluster();
        }
    }

    private static List<ServerKind> servers(String list, Path nodeDir) {
        Set<ServerKind> kinds = EnumSet.noneOf(ServerKind.class);
        for (String name : list.split(",")) {
            switch (name.trim()) {
                case "syncio" -> kinds.add(ServerKind.SYNCIO);
                case "baseline" -> kinds.add(ServerKind.BASELINE);
                case "node" -> {
                    if (Files.isDirectory(nodeDir.resolve("node_modules/socket.io")) && nodeRuns()) {
                        kinds.add(ServerKind.NODE);
                    } else {
                        log.warn("Node or {}/node_modules missing: the node column is skipped", nodeDir);
                    }
                }
                default -> throw new IllegalArgumentException("unknown server " + name);
            }
        }
        return List.copyOf(kinds);
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Runs the generator's own code paths once (connect, join, send, receive) against a throwaway
     * server, so the first server measured does not pay for the generator's JIT warm-up.
     */
    private void warmUpGenerator() throws InterruptedException {
        log.info("warming up the generator (not measured)");
        try (ServerProcess server = start(ServerKind.BASELINE, "generator-warmup");
             FanOutSession session = openFanOut(server)) {
            session.warmUp(plan.fanOutRates().get(0), Duration.ofSeconds(3));
        }
    }

    // ------------------------------------------------------------------ idle

    private void idle() throws InterruptedException {
        IdleScenario scenario = new IdleScenario(plan.idleRoomSize(), plan.inFlight(), plan.loopThreads(), plan.idleHold());
        List<IdleResult> results = new ArrayList<>();
        int round = 0;
        for (int clients : plan.idleClients()) {
            for (ServerKind kind : rotated(round++)) {
                try (ServerProcess server = start(kind, "idle-" + clients)) {
                    results.add(scenario.run(server, clients, tokens));
                } catch (RuntimeException e) {
                    log.error("idle {} against {} failed: {}", clients, kind.label(), e.toString());
                    results.add(new IdleResult(kind.label(), clients, 0, clients, Double.NaN, Double.NaN, Double.NaN,
                            0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                            Double.NaN, Double.NaN, List.of(e.toString())));
                }
            }
        }
        results.sort(Comparator.comparingInt(IdleResult::clients).thenComparing(r -> order(r.server())));
        Table table = new Table("Idle: authenticated clients, each in a conversation of " + plan.idleRoomSize(),
                "clients", "server", "connected", "errors", "all in (s)", "server CPU/connect (us)",
                "all in again, warm (s)", "server CPU/connect warm (us)", "RSS/conn (kB)", "heap/conn (B)",
                "RSS/conn warm (kB)", "heap/conn warm (B)",
                "RSS (MB)", "threads before", "threads after", "server CPU (cores)", "generator CPU (cores)",
                "generator loop delay max (ms)");
        for (IdleResult r : results) {
            table.row(r.clients(), r.server(), r.connected(), r.errors(), Table.num(r.connectSeconds(), 2),
                    Table.num(r.serverUsPerConnect(), 0), Table.num(r.warmConnectSeconds(), 2),
                    Table.num(r.warmServerUsPerConnect(), 0), Table.num(r.rssPerConnKb(), 1),
                    Table.num(r.heapPerConnBytes(), 0), Table.num(r.warmRssPerConnKb(), 1),
                    Table.num(r.warmHeapPerConnBytes(), 0), Table.num(r.rssKb() / 1024.0, 0),
                    r.threadsBefore(), r.threadsAfter(), Table.num(r.serverCores(), 2), Table.num(r.generatorCores(), 2),
                    Table.num(r.loopDelayMaxMs(), 1));
        }
        System.out.println(table.render());
        Table ratios = ratioTable("Idle: ratios", "clients", "all in", "all in again, warm", "server CPU/connect warm",
                "RSS/conn", "heap/conn", "RSS/conn warm", "threads after");
        for (int clients : plan.idleClients()) {
            IdleResult syncio = find(results, r -> r.clients() == clients && r.server().equals(ServerKind.SYNCIO.label()));
            for (ServerKind other : otherServers()) {
                IdleResult base = find(results, r -> r.clients() == clients && r.server().equals(other.label()));
                if (syncio != null && base != null) {
                    ratios.row(clients, "syncio / " + other.label(),
                            Table.ratio(syncio.connectSeconds(), base.connectSeconds()),
                            Table.ratio(syncio.warmConnectSeconds(), base.warmConnectSeconds()),
                            Table.ratio(syncio.warmServerUsPerConnect(), base.warmServerUsPerConnect()),
                            Table.ratio(syncio.rssPerConnKb(), base.rssPerConnKb()),
                            Table.ratio(syncio.heapPerConnBytes(), base.heapPerConnBytes()),
                            Table.ratio(syncio.warmRssPerConnKb(), base.warmRssPerConnKb()),
                            Table.ratio((double) syncio.threadsAfter(), (double) base.threadsAfter()));
                }
            }
        }
        System.out.println(ratios.render());
        log.info("wrote {}", json.write("idle", results));
    }

    // ------------------------------------------------------------------ fan-out and saturation

    /**
     * Every server runs at once with its own clients; at every rate the servers take turns for
     * {@code rounds} periods each, and the table shows the median of the rounds.
     */
    private void fanOut() throws InterruptedException {
        List<FanOutResult> rounds = new ArrayList<>();
        List<ServerProcess> processes = new ArrayList<>();
        List<FanOutSession> sessions = new ArrayList<>();
        try {
            // warmed up at the highest rate: at the lowest, the JIT was still compiling the hot paths
            // during the first measured periods (JFR: the C1/C2 compiler threads used more CPU than
            // the event loops), which counted compilation as CPU per delivery
            openAll("fanout", processes, sessions, java.util.Collections.max(plan.fanOutRates()));
            rounds.addAll(alternate(sessions));
        } catch (RuntimeException e) {
            log.error("fan-out failed: {}", e.toString());
        } finally {
            sessions.forEach(FanOutSession::close);
            processes.forEach(ServerProcess::close);
        }
        List<FanOutResult> medians = medians(rounds);
        printFanOut("Fan-out: " + plan.rooms() + " conversations x " + plan.members() + " members, one sender each, "
                + plan.rounds() + " x " + plan.period().toSeconds() + " s per rate and server (medians)", medians);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("medians", medians);
        document.put("rounds", rounds);
        log.info("wrote {}", json.write("fanout", document));
    }

    /** Starts every server, connects its fan-out clients and warms it up at {@code warmupRate}. */
    private void openAll(String run, List<ServerProcess> processes, List<FanOutSession> sessions, double warmupRate)
            throws InterruptedException {
        for (ServerKind kind : servers) {
            ServerProcess server = start(kind, run);
            processes.add(server);
            FanOutSession session = openFanOut(server);
            sessions.add(session);
            if (!plan.warmup().isZero()) {
                session.warmUp(warmupRate, plan.warmup());
            }
        }
        if (!plan.warmup().isZero()) {
            TimeUnit.SECONDS.sleep(1);   // let the JIT finish what the warm-up started
        }
    }

    /**
     * Every server runs at once, each with its own connected clients (idle ones cost next to
     * nothing), and at every rate the servers take turns, so a noisy neighbour on the machine
     * hits them alike.
     */
    private void saturation() throws InterruptedException {
        List<FanOutResult> results = new ArrayList<>();
        Map<String, Double> sustained = new LinkedHashMap<>();
        List<ServerProcess> processes = new ArrayList<>();
        List<FanOutSession> sessions = new ArrayList<>();
        try {
            openAll("saturation", processes, sessions, plan.saturationRates().get(0));
            servers.forEach(kind -> sustained.put(kind.label(), 0.0));
            List<FanOutSession> running = new ArrayList<>(sessions);
            for (double rate : plan.saturationRates()) {
                if (running.isEmpty()) {
                    break;
                }
                for (FanOutSession session : List.copyOf(running)) {
                    FanOutResult result = session.measure(rate, plan.period());
                    results.add(result);
                    if (result.saturated()) {
                        // the cores are shared: one noisy period is not saturation, two in a row are
                        log.info("{} saturated at {}/s; trying that rate once more", result.server(), (long) rate);
                        result = session.measure(rate, plan.period());
                        results.add(result);
                    }
                    if (result.saturated()) {
                        running.remove(session);
                    } else {
                        sustained.merge(result.server(), result.deliveredPerSecond(), Math::max);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("saturation failed: {}", e.toString());
        } finally {
            sessions.forEach(FanOutSession::close);
            processes.forEach(ServerProcess::close);
        }
        printFanOut("Saturation: the rate rises until p99 > 100 ms or anything is lost (twice in a row)", results);
        Table summary = new Table("Saturation: highest delivered rate with p99 <= 100 ms and nothing lost",
                "server", "deliveries/s", "ratio syncio / server");
        Double syncio = sustained.get(ServerKind.SYNCIO.label());
        sustained.forEach((server, rate) -> summary.row(server, Table.num(rate, 0), Table.ratio(syncio, rate)));
        System.out.println(summary.render());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("steps", results);
        document.put("sustainedDeliveriesPerSecond", sustained);
        log.info("wrote {}", json.write("saturation", document));
    }

    // ------------------------------------------------------------------ room size

    /**
     * How the cost grows with room size: one conversation of each size in {@code roomSizes}, one
     * sender, the same deliveries/s at every size ({@code roomRate}: fewer, larger broadcasts as
     * the room grows). A fresh server per size and server (the order rotates from one size to the
     * next, as in the idle scenario): the members connect and join (timed), a warm-up at the same
     * rate, the server's idle CPU, then {@code rounds} periods of {@code roomPeriod}; the table
     * shows their medians.
     */
    private void roomSizes() throws InterruptedException {
        List<RoomSizeResult> results = new ArrayList<>();
        Duration warmup = plan.warmup().compareTo(Duration.ofSeconds(3)) < 0 ? Duration.ofSeconds(3) : plan.warmup();
        int turn = 0;
        for (int members : plan.roomSizes()) {
            double messagesPerSecond = plan.roomRate() / members;
            for (ServerKind kind : rotated(turn++)) {
                try {
                    results.add(measureRoom(kind, members, messagesPerSecond, warmup));
                } catch (RuntimeException e) {
                    log.error("room size {} against {} failed: {}", members, kind.label(), e.toString());
                }
            }
        }
        results.sort(Comparator.comparingInt(RoomSizeResult::members).thenComparing(r -> order(r.server())));
        String title = "Room size: one conversation, one sender, " + Table.num(plan.roomRate(), 0)
                + " deliveries/s at every size, " + plan.rounds() + " x " + plan.roomPeriod().toSeconds()
                + " s per size and server (medians)";
        Table table = new Table(title, "members", "server", "all joined (s)", "join: server CPU (s)",
                "join: generator CPU (s)", "messages/s", "delivered/s", "p50 (ms)",
                "p90 (ms)", "p99 (ms)", "max (ms)", "lost", "dup", "server CPU/delivery (us)", "server CPU (cores)",
                "server idle CPU (cores)", "generator CPU (cores)", "generator loop delay max (ms)", "errors");
        for (RoomSizeResult row : results) {
            FanOutResult r = row.median();
            table.row(row.members(), row.server(), Table.num(row.joinSeconds(), 2), Table.num(row.joinServerCpuSeconds(), 1),
                    Table.num(row.joinGeneratorCpuSeconds(), 1), Table.num(row.messagesPerSecond(), 0),
                    Table.num(r.deliveredPerSecond(), 0), Table.num(r.p50Ms(), 2), Table.num(r.p90Ms(), 2),
                    Table.num(r.p99Ms(), 2), Table.num(r.maxMs(), 1), r.lost(), r.duplicates(),
                    Table.num(r.serverCpuUsPerDelivery(), 1), Table.num(r.serverCores(), 2),
                    Table.num(row.serverIdleCores(), 3), Table.num(r.generatorCores(), 2),
                    Table.num(r.loopDelayMaxMs(), 1), r.errors());
        }
        System.out.println(table.render());
        Table ratios = ratioTable(title + ": ratios", "members", "all joined", "p50", "p99", "server CPU/delivery");
        for (int members : plan.roomSizes()) {
            RoomSizeResult syncio = find(results, r -> r.members() == members && r.server().equals(ServerKind.SYNCIO.label()));
            for (ServerKind other : otherServers()) {
                RoomSizeResult base = find(results, r -> r.members() == members && r.server().equals(other.label()));
                if (syncio != null && base != null) {
                    ratios.row(members, "syncio / " + other.label(),
                            Table.ratio(syncio.joinSeconds(), base.joinSeconds()),
                            Table.ratio(syncio.median().p50Ms(), base.median().p50Ms()),
                            Table.ratio(syncio.median().p99Ms(), base.median().p99Ms()),
                            Table.ratio(syncio.median().serverCpuUsPerDelivery(), base.median().serverCpuUsPerDelivery()));
                }
            }
        }
        System.out.println(ratios.render());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("deliveriesPerSecond", plan.roomRate());
        document.put("idleSampleSeconds", IDLE_SAMPLE.toSeconds());
        document.put("sizes", results);
        log.info("wrote {}", json.write("rooms", document));
    }

    /** One room size against one fresh server: join (timed), warm-up, idle CPU, the measured periods. */
    private RoomSizeResult measureRoom(ServerKind kind, int members, double messagesPerSecond, Duration warmup)
            throws InterruptedException {
        try (ServerProcess server = start(kind, "rooms-" + members)) {
            CpuMeter joinServerCpu = CpuMeter.start(server.pid());
            CpuMeter joinOwnCpu = CpuMeter.self();
            try (FanOutSession session = FanOutSession.open(server, tokens, 1, members, plan.inFlight(),
                    plan.loopThreads(), joinLimit(members))) {
                double joinServerSeconds = joinServerCpu.cpuNanos() / 1e9;
                double joinOwnSeconds = joinOwnCpu.cpuNanos() / 1e9;
                session.warmUp(plan.roomRate(), warmup);
                TimeUnit.SECONDS.sleep(1);   // let the JIT finish what the warm-up started
                CpuMeter idle = CpuMeter.start(server.pid());
                TimeUnit.MILLISECONDS.sleep(IDLE_SAMPLE.toMillis());
                double idleCores = idle.cores();
                List<FanOutResult> rounds = new ArrayList<>();
                for (int round = 0; round < plan.rounds(); round++) {
                    rounds.add(session.measure(plan.roomRate(), plan.roomPeriod()));
                }
                return new RoomSizeResult(kind.label(), members, messagesPerSecond, session.connectSeconds(),
                        joinServerSeconds, joinOwnSeconds, idleCores, FanOutResult.median(rounds), rounds);
            }
        }
    }

    /**
     * How long the members of one room may take to join: 2 minutes, or 30 ms per member for large
     * rooms (a server that announces every join to the room does work that grows with the square
     * of its size; the limit is there to end the run, not to judge it).
     */
    private static Duration joinLimit(int members) {
        Duration scaled = Duration.ofMillis(30L * members);
        return scaled.compareTo(Duration.ofMinutes(2)) > 0 ? scaled : Duration.ofMinutes(2);
    }

    private FanOutSession openFanOut(ServerHandle server) throws InterruptedException {
        return FanOutSession.open(server, tokens, plan.rooms(), plan.members(), plan.inFlight(), plan.loopThreads());
    }

    /** The servers, starting with a different one each round, so none always runs first. */
    private List<ServerKind> rotated(int round) {
        return rotated(servers, round);
    }

    private static <T> List<T> rotated(List<T> items, int round) {
        List<T> order = new ArrayList<>(items);
        java.util.Collections.rotate(order, -(round % Math.max(1, order.size())));
        return order;
    }

    private void printFanOut(String title, List<FanOutResult> results) {
        results.sort(Comparator.comparingDouble(FanOutResult::offeredPerSecond).thenComparing(r -> order(r.server())));
        Table table = new Table(title, "offered/s", "server", "delivered/s", "p50 (ms)", "p90 (ms)", "p99 (ms)",
                "max (ms)", "lost", "dup", "server CPU/delivery (us)", "of which kernel (us)", "of which JIT (us)",
                "server CPU (cores)",
                "generator CPU (cores)", "generator loop delay max (ms)", "errors");
        for (FanOutResult r : results) {
            table.row(Table.num(r.offeredPerSecond(), 0), r.server(), Table.num(r.deliveredPerSecond(), 0),
                    Table.num(r.p50Ms(), 2), Table.num(r.p90Ms(), 2), Table.num(r.p99Ms(), 2), Table.num(r.maxMs(), 1),
                    r.lost(), r.duplicates(), Table.num(r.serverCpuUsPerDelivery(), 1),
                    Table.num(r.serverSystemUsPerDelivery(), 1), Table.num(r.serverJitUsPerDelivery(), 1),
                    Table.num(r.serverCores(), 2), Table.num(r.generatorCores(), 2), Table.num(r.loopDelayMaxMs(), 1),
                    r.errors());
        }
        System.out.println(table.render());
        Table ratios = ratioTable(title + ": ratios", "offered/s", "p50", "p99", "server CPU/delivery",
                "server CPU/delivery less JIT");
        for (double rate : results.stream().map(FanOutResult::offeredPerSecond).distinct().toList()) {
            FanOutResult syncio = find(results, r -> r.offeredPerSecond() == rate && r.server().equals(ServerKind.SYNCIO.label()));
            for (ServerKind other : otherServers()) {
                FanOutResult base = find(results, r -> r.offeredPerSecond() == rate && r.server().equals(other.label()));
                if (syncio != null && base != null) {
                    ratios.row(Table.num(rate, 0), "syncio / " + other.label(), Table.ratio(syncio.p50Ms(), base.p50Ms()),
                            Table.ratio(syncio.p99Ms(), base.p99Ms()),
                            Table.ratio(syncio.serverCpuUsPerDelivery(), base.serverCpuUsPerDelivery()),
                            Table.ratio(syncio.serverCpuUsPerDelivery() - syncio.serverJitUsPerDelivery(),
                                    base.serverCpuUsPerDelivery() - base.serverJitUsPerDelivery()));
                }
            }
        }
        System.out.println(ratios.render());
    }

    // ------------------------------------------------------------------ two nodes

    /**
     * The fan-out scenario on two syncio nodes sharing one redis-server, members split evenly
     * (client i on node i mod 2: every sender on the first node, half of each conversation on the
     * second), against one node at the same load. The cluster's CPU counts both nodes and Redis.
     */
    private void cluster() throws InterruptedException {
        List<FanOutResult> rounds = new ArrayList<>();
        Path logs = out.resolve("logs");
        try (RedisProcess redis = RedisProcess.start(logs.resolve("cluster-redis.log"))) {
            List<ServerProcess> processes = new ArrayList<>();
            List<FanOutSession> sessions = new ArrayList<>();
            try {
                ServerProcess single = start(ServerKind.SYNCIO, "cluster-single");
                processes.add(single);
                List<ServerProcess> nodes = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    log.info("starting syncio cluster node {}", i);
                    nodes.add(ServerProcess.start(ServerKind.SYNCIO, secret, nodeDir,
                            logs.resolve("cluster-node-" + i + ".log"), List.of(redis.url())));
                }
                processes.addAll(nodes);
                for (ServerHandle server : List.of(single, new ClusterHandle(nodes, redis))) {
                    FanOutSession session = openFanOut(server);
                    sessions.add(session);
                    if (!plan.warmup().isZero()) {
                        session.warmUp(plan.fanOutRates().get(0), plan.warmup());
                    }
                }
                rounds.addAll(alternate(sessions));
            } catch (RuntimeException e) {
                log.error("two-node fan-out failed: {}", e.toString());
            } finally {
                sessions.forEach(FanOutSession::close);
                processes.forEach(ServerProcess::close);
            }
        }
        List<FanOutResult> medians = medians(rounds);
        String title = "Two nodes: " + plan.rooms() + " conversations x " + plan.members()
                + " members split over two syncio nodes and one redis-server, against one node ("
                + plan.rounds() + " x " + plan.period().toSeconds() + " s per rate, medians)";
        Table table = new Table(title, "offered/s", "server", "delivered/s", "p50 (ms)", "p99 (ms)", "max (ms)", "lost",
                "dup", "server CPU/delivery (us)", "server CPU (cores)", "generator CPU (cores)", "errors");
        for (FanOutResult r : medians) {
            table.row(Table.num(r.offeredPerSecond(), 0), r.server(), Table.num(r.deliveredPerSecond(), 0),
                    Table.num(r.p50Ms(), 2), Table.num(r.p99Ms(), 2), Table.num(r.maxMs(), 1), r.lost(), r.duplicates(),
                    Table.num(r.serverCpuUsPerDelivery(), 1), Table.num(r.serverCores(), 2),
                    Table.num(r.generatorCores(), 2), r.errors());
        }
        System.out.println(table.render());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("medians", medians);
        document.put("rounds", rounds);
        log.info("wrote {}", json.write("cluster", document));
    }

    // ------------------------------------------------------------------ helpers

    /** Every fan-out rate, {@code rounds} periods per session, the sessions taking turns. */
    private List<FanOutResult> alternate(List<FanOutSession> sessions) throws InterruptedException {
        List<FanOutResult> rounds = new ArrayList<>();
        int turn = 0;
        for (double rate : plan.fanOutRates()) {
            for (int round = 0; round < plan.rounds(); round++) {
                for (FanOutSession session : rotated(sessions, turn++)) {
                    rounds.add(session.measure(rate, plan.period()));
                }
            }
        }
        return rounds;
    }

    /** The median of each server's rounds at each rate, rates in the plan's order, servers as measured. */
    private List<FanOutResult> medians(List<FanOutResult> rounds) {
        List<FanOutResult> medians = new ArrayList<>();
        for (double rate : plan.fanOutRates()) {
            for (String label : rounds.stream().map(FanOutResult::server).distinct().toList()) {
                List<FanOutResult> same = rounds.stream()
                        .filter(r -> r.offeredPerSecond() == rate && r.server().equals(label)).toList();
                if (!same.isEmpty()) {
                    medians.add(FanOutResult.median(same));
                }
            }
        }
        return medians;
    }

    private ServerProcess start(ServerKind kind, String run) {
        log.info("starting {} for {}", kind.label(), run);
        return ServerProcess.start(kind, secret, nodeDir, out.resolve("logs").resolve(run + "-" + kind.name().toLowerCase() + ".log"));
    }

    /** A server's column position: syncio first, then the baselines. */
    private static int order(String label) {
        for (ServerKind kind : ServerKind.values()) {
            if (kind.label().equals(label)) {
                return kind.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    private List<ServerKind> otherServers() {
        return servers.stream().filter(k -> k != ServerKind.SYNCIO).toList();
    }

    private static Table ratioTable(String title, String first, String... metrics) {
        List<String> header = new ArrayList<>();
        header.add(first);
        header.add("ratio");
        header.addAll(List.of(metrics));
        return new Table(title, header.toArray(String[]::new));
    }

    private static <T> T find(List<T> results, java.util.function.Predicate<T> match) {
        // the last match: a saturation step that was retried counts with its confirmation
        return results.stream().filter(match).reduce((first, second) -> second).orElse(null);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
