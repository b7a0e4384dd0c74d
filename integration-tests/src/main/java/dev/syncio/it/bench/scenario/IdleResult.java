package dev.syncio.it.bench.scenario;

import java.util.List;

/**
 * What the idle scenario measured against one server.
 *
 * @param server            the server's label
 * @param clients           clients asked for
 * @param connected         clients connected, authenticated and joined
 * @param errors            clients refused or timed out, plus connections closed during the hold
 * @param connectSeconds    from the first connect until every client was joined (or had failed)
 * @param rssPerConnKb      server RSS growth per connected client, kB
 * @param heapPerConnBytes  server heap (after a full GC) growth per connected client, bytes
 * @param rssKb             server RSS with every client connected
 * @param threadsBefore     server threads before the clients connected
 * @param threadsAfter      server threads with every client connected
 * @param serverCores       server CPU during the connect phase, in cores (1.0 = one core busy)
 * @param generatorCores    the generator's CPU during the connect phase, in cores
 * @param loopDelayMaxMs    the generator's largest event-loop delay during the connect phase
 * @param serverUsPerConnect server CPU per connected client during the connect phase, us
 * @param warmConnectSeconds the same clients connecting again once the first ones closed (the
 *                           server's code compiled by then)
 * @param warmServerUsPerConnect server CPU per connected client during that second connect, us
 * @param warmRssPerConnKb  server RSS growth per client of the second connect, from the server
 *                          emptied of the first clients: the cost of one more connection
 * @param warmHeapPerConnBytes server heap (after a full GC) growth per client of the second connect
 * @param firstErrors       a few failure reasons
 */
public record IdleResult(String server, int clients, int connected, long errors, double connectSeconds,
                         double rssPerConnKb, double heapPerConnBytes, long rssKb, int threadsBefore, int threadsAfter,
                         double serverCores, double generatorCores, double loopDelayMaxMs, double serverUsPerConnect,
                         double warmConnectSeconds, double warmServerUsPerConnect, double warmRssPerConnKb,
                         double warmHeapPerConnBytes, List<String> firstErrors) {
}
