package dev.syncio.it.bench;

import java.time.Duration;
import java.util.List;

/**
 * The sizes of one benchmark invocation: {@link #quick()} for a sanity run of a minute or two,
 * {@link #full()} for the sizes of issue 8.
 *
 * @param idleClients      client counts of the idle scenario
 * @param idleRoomSize     members per conversation in the idle scenario
 * @param idleHold         how long the idle clients stay connected before memory is measured
 * @param inFlight         connection handshakes in flight at a time
 * @param rooms            fan-out conversations (one sender each)
 * @param members          members per fan-out conversation, the sender included
 * @param fanOutRates      offered deliveries/s of the fan-out scenario (also gives CPU per delivery)
 * @param saturationRates  offered deliveries/s tried in order by the saturation scenario
 * @param period           how long each rate is offered
 * @param warmup           unmeasured period at the first rate after connecting
 * @param loopThreads      the generator's event loops per connection group
 * @param rounds           fan-out periods per rate and server, alternating the servers; the table shows medians
 */
public record BenchPlan(String name, List<Integer> idleClients, int idleRoomSize, Duration idleHold, int inFlight,
                        int rooms, int members, List<Double> fanOutRates, List<Double> saturationRates,
                        Duration period, Duration warmup, int loopThreads, int rounds,
                        List<Integer> roomSizes, double roomRate, Duration roomPeriod) {

    /** Every room size is offered this many deliveries/s: 100 messages/s to 100 members, 1/s to 10,000. */
    static final double ROOM_RATE = 10_000;

    /** About two minutes: small sizes, to see that everything works. */
    public static BenchPlan quick() {
        return new BenchPlan("quick", List.of(1_000), 10, Duration.ofSeconds(1), 200,
                10, 100, List.of(5_000.0), List.of(5_000.0, 20_000.0, 50_000.0),
                Duration.ofSeconds(3), Duration.ofSeconds(2), 2, 1,
                List.of(100, 1_000, 10_000), ROOM_RATE, Duration.ofSeconds(5));
    }

    /** The sizes of issue 8. */
    public static BenchPlan full() {
        return new BenchPlan("full", List.of(1_000, 10_000, 19_000), 10, Duration.ofSeconds(5), 200,
                10, 100, List.of(5_000.0, 100_000.0),
                List.of(5_000.0, 10_000.0, 15_000.0, 20_000.0, 30_000.0, 40_000.0, 50_000.0, 60_000.0, 80_000.0,
                        100_000.0, 130_000.0, 160_000.0, 200_000.0),
                Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 3,
                List.of(100, 1_000, 10_000), ROOM_RATE, Duration.ofSeconds(10));
    }

    /** The same plan with other room sizes for the room-size scenario. */
    public BenchPlan withRoomSizes(List<Integer> sizes) {
        return new BenchPlan(name, idleClients, idleRoomSize, idleHold, inFlight, rooms, members, fanOutRates,
                saturationRates, period, warmup, loopThreads, rounds, List.copyOf(sizes), roomRate, roomPeriod);
    }

    /** A tiny plan for the smoke test. */
    public static BenchPlan smoke() {
        return new BenchPlan("smoke", List.of(20), 5, Duration.ZERO, 20,
                2, 5, List.of(50.0), List.of(50.0),
                Duration.ofSeconds(2), Duration.ZERO, 1, 1,
                List.of(5), 50.0, Duration.ofSeconds(2));
    }
}
