package dev.syncio.it.cluster;

import dev.syncio.SyncEmitter;
import dev.syncio.SyncServer;
import io.socket.client.Socket;
import io.socket.emitter.Emitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;

/**
 * A barrier through the bus: {@code barrier} emitted to everyone from one node after the events
 * under test. The bus has one order and a node publishes in the order it emits, so once a client
 * has the barrier it has every event that node emitted before it, from whichever node it is on.
 */
public final class ClusterBarrier {

    private ClusterBarrier() {
    }

    /** Emits a unique barrier from {@code node} to all and waits until every client got it. */
    public static void pass(SyncServer node, Socket... clients) {
        pass(node.emitter(), clients);
    }

    /** Emits a unique barrier through {@code emitter} to all and waits until every client got it. */
    public static void pass(SyncEmitter emitter, Socket... clients) {
        String marker = UUID.randomUUID().toString();
        List<CompletableFuture<Void>> arrivals = new ArrayList<>();
        List<Emitter.Listener> listeners = new ArrayList<>();
        for (Socket client : clients) {
            CompletableFuture<Void> arrived = new CompletableFuture<>();
            Emitter.Listener listener = args -> {
                if (args.length > 0 && args[0] instanceof JSONObject json && marker.equals(json.optString("marker"))) {
                    arrived.complete(null);
                }
            };
            client.on("barrier", listener);
            arrivals.add(arrived);
            listeners.add(listener);
        }
        try {
            emitter.toAll().emit("barrier", Map.of("marker", marker));
            for (int i = 0; i < clients.length; i++) {
                try {
                    arrivals.get(i).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("client " + i + " did not get the barrier within 10 s", e);
                }
            }
        } finally {
            for (int i = 0; i < clients.length; i++) {
                clients[i].off("barrier", listeners.get(i));
            }
        }
    }
}
