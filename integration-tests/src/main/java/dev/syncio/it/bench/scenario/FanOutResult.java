package dev.syncio.it.bench.scenario;

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
 * @param serverCores           server CPU over the period, in cores
 * @param generatorCores        the generator's CPU over the period, in cores
 * @param loopDelayMaxMs        the generator's largest event-loop delay
 * @param loopDelayMeanMs       the generator's mean event-loop delay
 * @param errors                connections closed during the period
 */
public record FanOutResult(String server, double offeredPerSecond, double deliveredPerSecond, long messages,
                           long expected, long lost, long duplicates, double p50Ms, double p90Ms, double p99Ms,
                           double maxMs, double serverCpuUsPerDelivery, double serverCores, double generatorCores,
                           double loopDelayMaxMs, double loopDelayMeanMs, long errors) {

    /** The saturation scenario's stop rule: p99 above 100 ms, or anything lost, duplicated or closed. */
    public boolean saturated() {
        return p99Ms > 100 || lost > 0 || duplicates > 0 || errors > 0;
    }
}
