package dev.syncio.it.bench.scenario;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One fixed-rate fan-out period against one server.
 *
 * @param server                the server's label
 * @param offeredPerSecond      deliveries per second offered (messages/s x room size)
 * @param deliveredPerSecond    deliveries received per second of the send period
 * @param messages              messages sent
 * @param expected              deliveries expected (messages x room size)
 * @param lost                  expected deliveries that never arrived (within the drain time)
 * @param duplicates            deliveries a client got more than once
 * @param p50Ms                 latency percentiles, sentAt to receipt, ms
 * @param serverCpuUsPerDelivery server CPU time (user + system) over the period and drain, per delivery, us
 * @param serverSystemUsPerDelivery the system (kernel) part of it, us
 * @param serverJitUsPerDelivery the JIT compiler threads' part of it, us (0 for Node)
 * @param serverCores           server CPU over the period, in cores
 * @param generatorCores        the generator's CPU over the period, in cores
 * @param loopDelayMaxMs        the generator's largest event-loop delay
 * @param loopDelayMeanMs       the generator's mean event-loop delay
 * @param errors                connections closed during the period
 */
public record FanOutResult(String server, double offeredPerSecond, double deliveredPerSecond, long messages,
                           long expected, long lost, long duplicates, double p50Ms, double p90Ms, double p99Ms,
                           double maxMs, double serverCpuUsPerDelivery, double serverSystemUsPerDelivery,
                           double serverJitUsPerDelivery, double serverCores, double generatorCores,
                           double loopDelayMaxMs, double loopDelayMeanMs, long errors) {

    /**
     * Several rounds of the same rate against the same server as one row: the median of each
     * latency percentile, of the rates and of the CPU figures; the largest max; lost, duplicates
     * and errors summed (any loss in any round shows).
     */
    public static FanOutResult median(List<FanOutResult> rounds) {
        FanOutResult first = rounds.get(0);
        return new FanOutResult(first.server(), first.offeredPerSecond(),
                median(rounds, FanOutResult::deliveredPerSecond),
                rounds.stream().mapToLong(FanOutResult::messages).sum(),
                rounds.stream().mapToLong(FanOutResult::expected).sum(),
                rounds.stream().mapToLong(FanOutResult::lost).sum(),
                rounds.stream().mapToLong(FanOutResult::duplicates).sum(),
                median(rounds, FanOutResult::p50Ms), median(rounds, FanOutResult::p90Ms),
                median(rounds, FanOutResult::p99Ms), rounds.stream().mapToDouble(FanOutResult::maxMs).max().orElse(0),
                median(rounds, FanOutResult::serverCpuUsPerDelivery),
                median(rounds, FanOutResult::serverSystemUsPerDelivery),
                median(rounds, FanOutResult::serverJitUsPerDelivery), median(rounds, FanOutResult::serverCores),
                median(rounds, FanOutResult::generatorCores),
                rounds.stream().mapToDouble(FanOutResult::loopDelayMaxMs).max().orElse(0),
                median(rounds, FanOutResult::loopDelayMeanMs),
                rounds.stream().mapToLong(FanOutResult::errors).sum());
    }

    private static double median(List<FanOutResult> rounds, ToDoubleFunction<FanOutResult> metric) {
        double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** The saturation scenario's stop rule: p99 above 100 ms, or anything lost, duplicated or closed. */
    public boolean saturated() {
        return p99Ms > 100 || lost > 0 || duplicates > 0 || errors > 0;
    }
}
