package dev.syncio.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.SyncServer;
import dev.syncio.it.support.AuthServer;
import dev.syncio.it.support.RawSioClient;
import dev.syncio.it.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No gap and no duplicate while the server keeps emitting: a client drops its connection in the
 * middle of a steady stream of events, reconnects with its pid and offset while the events go on,
 * and must end up with every event exactly once, in order: the replay and the live delivery meet
 * without overlap whatever the timing.
 */
class RecoveryUnderLoadTest {

    private static final Duration AWAIT = Duration.ofSeconds(20);

    private SyncServer server;
    private final AtomicBoolean emitting = new AtomicBoolean(true);
    private final AtomicInteger emitted = new AtomicInteger();
    private final CompletableFuture<Void> emitterDone = new CompletableFuture<>();

    @BeforeEach
    void startServer() {
        server = SyncServer.builder().host("127.0.0.1").port(0)
                .auth(AuthServer.verifier(AuthServer.Kind.HS256).build())
                .conversationAccess((principal, conversationId) -> CompletableFuture.completedFuture(true))
                .build()
                .start();
    }

    @AfterEach
    void stopServer() {
        emitting.set(false);
        server.close();
    }

    /** Emits tick 0, 1, 2, ... to c1 from a host thread, one every ~200 us, until told to stop. */
    private void startEmitting() {
        Thread emitter = new Thread(() -> {
            try {
                while (emitting.get()) {
                    int seq = emitted.get();
                    server.emitter().toConversation("c1").emit("tick", Map.of("id", "t" + seq, "seq", seq));
                    emitted.incrementAndGet();
                    LockSupport.parkNanos(200_000); // pacing of the load, not synchronisation
                }
                emitterDone.complete(null);
            } catch (RuntimeException e) {
                emitterDone.completeExceptionally(e);
            }
        }, "tick-emitter");
        emitter.setDaemon(true);
        emitter.start();
    }

    /** Reads ticks into {@code seqs} until {@code enough} says so; returns the last offset seen. */
    private static String readTicks(RawSioClient client, List<Integer> seqs, java.util.function.IntPredicate enough) {
        String[] offset = new String[1];
        client.readEvents("tick", event -> {
            seqs.add(event.payload().get("seq").asInt());
            offset[0] = event.offset();
            return enough.test(seqs.get(seqs.size() - 1));
        });
        return offset[0];
    }

    @Test
    void aClientThatDropsMidStreamGetsEveryEventOnceAndInOrder() throws Exception {
        String token = Tokens.hs256("alice");
        List<Integer> seqs = new ArrayList<>();
        String pid;
        String sid;
        String offset;
        try (RawSioClient first = RawSioClient.connect(server.port(), Map.of("token", token))) {
            sid = first.reply().sid();
            pid = first.reply().pid();
            first.join("c1");
            startEmitting();
            offset = readTicks(first, seqs, seq -> seqs.size() >= 300);
        } // closed abruptly: no DISCONNECT, no close frame, the TCP connection just ends
        int beforeDrop = seqs.size();

        try (RawSioClient second = RawSioClient.connect(server.port(),
                Map.of("token", token, "pid", pid, "offset", offset))) {
            assertEquals(sid, second.reply().sid(), "recovered: the same socket id");
            assertEquals(pid, second.reply().pid(), "recovered: the same pid");
            int stopAt = emitted.get() + 1_000; // well past the reconnection: replay and live both happen
            readTicks(second, seqs, seq -> seq >= stopAt);
            emitting.set(false);
            emitterDone.get(AWAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            int last = emitted.get() - 1;
            if (seqs.get(seqs.size() - 1) < last) {
                readTicks(second, seqs, seq -> seq >= last);
            }
        }
        int first = seqs.get(0);
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(first + i, seqs.get(i), "event " + i + " of " + seqs.size() + " (dropped after "
                    + beforeDrop + "): a gap or a duplicate");
        }
        assertEquals(emitted.get() - 1, seqs.get(seqs.size() - 1));
        // counted once the socket joined its rooms, which may be just after its first events went out
        Awaitility.await("the recovery counted").atMost(AWAIT).until(() -> server.stats().recoveredSessions() == 1);
    }
}
