package dev.syncio.it.bench.scenario;

import java.util.List;

/**
 * The room-size scenario against one server at one size: one conversation of {@code members}
 * clients, one of them sending at {@code messagesPerSecond}, so that every size is offered the
 * same deliveries per second.
 *
 * @param server             the server's label
 * @param members            members of the one conversation, the sender included
 * @param messagesPerSecond  messages the sender sends per second
 * @param joinSeconds        from the first connect until every member had its join ack (tokens
 *                           minted before): what joining one room of this size costs
 * @param joinServerCpuSeconds the server's CPU time (user + system) while the members joined, in s
 * @param joinGeneratorCpuSeconds the generator's CPU time while the members joined, in s
 * @param serverIdleCores    the server's CPU with the members connected and nothing sent (pings only),
 *                           in cores, measured after the warm-up and before the first period
 * @param median             the median of the periods (see {@link FanOutResult#median})
 * @param rounds             every measured period
 */
public record RoomSizeResult(String server, int members, double messagesPerSecond, double joinSeconds,
                             double joinServerCpuSeconds, double joinGeneratorCpuSeconds, double serverIdleCores, FanOutResult median, List<FanOutResult> rounds) {
}
