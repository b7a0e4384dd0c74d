package dev.syncio.it.bench.scenario;

import dev.syncio.it.bench.load.BenchTokens;
import dev.syncio.it.bench.load.LoadClient;
import dev.syncio.it.bench.load.LoadGroup;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One extra authenticated connection, on its own event loop, that asks the server for
 * {@code bench:stats} (heap in use after a full GC), the same way on every server.
 */
final class StatsClient implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final LoadGroup group;
    private final LoadClient client;

    StatsClient(int port, BenchTokens tokens) {
        this.group = new LoadGroup(port, 1);
        LoadGroup.ConnectResult result = await(group.connect(1, 1, i -> tokens.mint("bench-stats"), i -> null));
        if (result.connected() != 1) {
            group.close();
            throw new IllegalStateException("the stats client could not connect: " + result.firstErrors());
        }
        this.client = group.clients().get(0);
    }

    /** Heap used after a full GC, in bytes. */
    long heapUsed() {
        return await(client.requestHeapUsed());
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("bench:stats failed: " + e, e);
        }
    }

    @Override
    public void close() {
        group.close();
    }
}
