package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.ChatServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.RawWebSocket;
import dev.syncio.it.support.Tokens;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connect/disconnect cycles ({@code -Dsyncio.churn.cycles}, default 2,000; docs/security.md,
 * "Testing the limits") on a few client threads: real Java clients and raw ones, WebSocket and
 * polling, closed cleanly (namespace DISCONNECT, Engine.IO CLOSE) or abruptly (TCP closed without
 * a close frame, a polling client that vanishes), some refused at auth, some joining a
 * conversation first. Afterwards the server holds nothing: no session, no socket, no leaked buffer
 * (Netty's detector at PARANOID), and the JVM's threads, file descriptors and heap are back near
 * where they were after a warm-up.
 */
class ChurnTest {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch();

    private static final int CYCLES = Integer.getInteger("syncio.churn.cycles", 2000);
    private static final int WARM_UP = 200;
    private static final int THREADS = 4;
    private static final long SEED = Long.getLong("syncio.churn.seed", System.nanoTime());
    /** Threads that may linger: the clients' last OkHttp threads finishing, a pool's spare. */
    private static final int THREAD_MARGIN = 6;
    /** Descriptors that may linger: sockets whose close is still being processed. */
    private static final int FD_MARGIN = 20;
    /**
     * Heap after GC may grow by this much: JIT and class data settle during the warm-up, what is
     * left is noise (allocator caches, the leak detector's records). A per-cycle leak of 8 KB over
     * 2,000 cycles, or of 320 bytes over the full 50,000, crosses it.
     */
    private static final long HEAP_MARGIN = 16L << 20;

    @Test
    void connectDisconnectCyclesLeaveNoSessionThreadDescriptorOrHeapBehind() throws Exception {
        System.out.println("ChurnTest seed=" + SEED + " cycles=" + CYCLES);
        try (ChatServer chat = ChatServer.start(b -> b.pingInterval(Duration.ofSeconds(1)).pingTimeout(Duration.ofSeconds(1)))) {
            chat.forgetDisconnectedSockets();
            for (int u = 0; u < 50; u++) {
                chat.allow("churn", "u" + u);
            }
            churn(chat, WARM_UP);
            awaitNothingOpen(chat.server());
            long threads = threads();
            long fds = fileDescriptors();
            long heap = heapAfterGc();

            long start = System.nanoTime();
            churn(chat, CYCLES);
            awaitNothingOpen(chat.server());
            System.out.printf("ChurnTest: %d cycles in %d ms%n", CYCLES, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

            System.out.printf("ChurnTest: after warm-up %d threads, %d fds, %d KB heap; after the cycles %d, %d, %d KB%n",
                    threads, fds, heap >> 10, threads(), fileDescriptors(), heapAfterGc() >> 10);
            awaitAtMost("threads", ChurnTest::threads, threads + THREAD_MARGIN);
            awaitAtMost("file descriptors", ChurnTest::fileDescriptors, fds + FD_MARGIN);
            awaitAtMost("heap used after GC", ChurnTest::heapAfterGc, heap + HEAP_MARGIN);
        }
        LeakAndLogWatch.provokeLeakReports();
        WATCH.assertNoLeakReported();
        WATCH.assertNoWarnOrErrorButTheRefusalSummary();
    }

    private static void awaitNothingOpen(SyncServer server) {
        Awaitility.await("no session, no socket").atMost(AWAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> server.stats().openSessions() == 0 && server.stats().connectedSockets() == 0);
    }

    private static void awaitAtMost(String what, LongSupplier value, long bound) {
        Awaitility.await("seed=" + SEED + ": " + what + " back to at most " + bound).atMost(AWAIT)
                .pollInterval(Duration.ofMillis(200)).until(value::getAsLong, v -> v <= bound);
    }

    /** {@code cycles} cycles on {@link #THREADS} threads, with clients of their own, closed before returning. */
    private static void churn(ChatServer chat, int cycles) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        try (JavaClients clients = new JavaClients()) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                pool.execute(() -> {
                    for (int i = next.getAndIncrement(); i < cycles && failure.get() == null; i = next.getAndIncrement()) {
                        try {
                            cycle(chat, clients, i);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, "seed=" + SEED + " cycle " + i + " (kind " + i % 10 + "): " + e);
                        }
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES), "the churn threads hang");
        }
        assertNull(failure.get());
    }

    private static void cycle(ChatServer chat, JavaClients clients, int i) {
        Random random = new Random(SEED + i);
        String user = "u" + random.nextInt(50);
        boolean join = random.nextInt(3) == 0;
        int port = chat.server().port();
        switch (i % 10) {
            case 0, 1 -> { // real client, WebSocket or polling; namespace DISCONNECT
                Socket socket = IO.socket(URI.create(chat.url()), clients.options(b -> b
                        .setTransports(new String[] {i % 10 == 0 ? "websocket" : "polling"})
                        .setAuth(Map.of("token", ChatServer.token(user)))));
                try {
                    JavaClients.awaitConnect(socket);
                    if (join) {
                        ChatServer.joinOk(socket, "churn");
                    }
                } finally {
                    socket.disconnect();
                    socket.close();
                }
            }
            case 2 -> { // real client refused at auth
                Socket socket = IO.socket(URI.create(chat.url()), clients.options(b -> b
                        .setTransports(new String[] {"websocket"}).setAuth(Map.of("token", Tokens.tamperedHs256(user)))));
                CompletableFuture<Object> refused = new CompletableFuture<>();
                socket.once(Socket.EVENT_CONNECT_ERROR, args -> refused.complete(args.length > 0 ? args[0] : null));
                socket.once(Socket.EVENT_CONNECT, args -> refused.completeExceptionally(new AssertionError("a bad token was accepted")));
                socket.connect();
                try {
                    refused.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    socket.close();
                }
            }
            case 3, 4, 5, 6, 9 -> rawWebSocket(port, user, join, i % 10);
            default -> rawPolling(port, user, i % 10 == 7);
        }
    }

    /** 3, 4: Engine.IO CLOSE; 5, 6: TCP closed without a close frame; 9: refused at auth, then TCP closed. */
    private static void rawWebSocket(int port, String user, boolean join, int kind) {
        try (RawWebSocket ws = RawWebSocket.open(port, "EIO=4&transport=websocket")) {
            assertTrue(ws.nextText(AWAIT).startsWith("0{"));
            String token = kind == 9 ? Tokens.expiredHs256(user) : ChatServer.token(user);
            ws.sendText("40{\"token\":\"" + token + "\"}");
            String reply = ws.nextTextAnsweringPings(AWAIT);
            assertTrue(reply.startsWith(kind == 9 ? "44{" : "40{"), () -> "CONNECT answered " + reply);
            if (join && kind != 9) {
                ws.sendText("421[\"join_conversation\",{\"conversationId\":\"churn\"}]");
                ws.readTextsUntil(AWAIT, text -> text.startsWith("431["));
            }
            if (kind == 3 || kind == 4) {
                ws.sendText("1");
                assertTrue(ws.awaitClosedByServer(AWAIT), "the server did not close after CLOSE");
            }
        }
    }

    /** Connects over polling, then sends an Engine.IO CLOSE ({@code close}) or vanishes (the ping timeout removes it). */
    private static void rawPolling(int port, String user, boolean close) {
        String sid = EngineHttp.handshake(port);
        assertEquals(200, EngineHttp.push(port, sid, "40{\"token\":\"" + ChatServer.token(user) + "\"}").status());
        String reply = EngineHttp.poll(port, sid).text();
        assertTrue(reply.startsWith("40{"), () -> "CONNECT answered " + reply);
        if (close) {
            assertEquals(200, EngineHttp.push(port, sid, "1").status());
        }
    }

    private static long threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long fileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Heap in use after collections (as the bench's HeapProbe): live data only. */
    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
