package dev.syncio.it.bench.server;

import dev.syncio.ConversationAccess;
import dev.syncio.RateLimit;
import dev.syncio.SyncServer;
import dev.syncio.auth.JwtVerifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * syncio as a user runs it, for the load benchmark: JWT auth on, {@code join_conversation} with an
 * allow-all access policy, and the host event {@code send_message} re-emitted to the conversation
 * through the library's emitter (contract: {@link BenchEvents}). Only the public API is used, so
 * the same class measures whatever engine sits under {@code SyncServer}.
 *
 * <p>{@code integration-tests/bench-server.sh PORT SECRET} runs it in the foreground.
 */
public final class BenchServer {

    /**
     * Senders in the saturation scenario send hundreds of messages per second each; the default
     * per-socket and per-user limits (20/s, 40/s) would refuse them. The limiters still run on every event.
     */
    static final RateLimit SEND_RATE_LIMIT = new RateLimit(100_000, 100_000);

    private BenchServer() {
    }

    /** Builds (does not start) the bench server on {@code host:port}, verifying HS256 tokens with {@code secret}. */
    public static SyncServer create(String host, int port, String secret) {
        return create(host, port, secret, null);
    }

    /** As {@link #create(String, int, String)}, as a node of a cluster on {@code redisUrl} when it is not null. */
    public static SyncServer create(String host, int port, String secret, String redisUrl) {
        SyncServer.Builder builder = SyncServer.builder();
        if (redisUrl != null) {
            builder.redis(redisUrl).clusterPrefix("bench");
        }
        // -Dsyncio.bench.recoveryWindowMs=0 measures syncio without connection state recovery
        Long recoveryWindowMs = Long.getLong("syncio.bench.recoveryWindowMs");
        if (recoveryWindowMs != null) {
            builder.recoveryWindow(java.time.Duration.ofMillis(recoveryWindowMs));
        }
        SyncServer server = builder
                .host(host)
                .port(port)
                .auth(JwtVerifier.builder().hmacSecret(secret).issuer(BenchEvents.ISSUER).build())
                .conversationAccess(ConversationAccess.blocking((principal, conversationId) -> true))
                .rateLimit(BenchEvents.SEND, SEND_RATE_LIMIT)
                .rateLimit(BenchEvents.JOIN, SEND_RATE_LIMIT)
                // the per-user limit (default twice the per-socket default, 40/s) applies besides:
                // a bench sender sends up to hundreds of messages a second
                .userRateLimit(SEND_RATE_LIMIT)
                .build();
        server.on(BenchEvents.SEND, event -> {
            Map<?, ?> command = event.arg(0, Map.class);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("conversationId", command.get("conversationId"));
            message.put("text", command.get("text"));
            message.put("sentAt", command.get("sentAt"));
            server.emitter().toConversation((String) command.get("conversationId")).emit(BenchEvents.MESSAGE_NEW, message);
        });
        server.on(BenchEvents.STATS, event -> event.reply(Map.of("heapUsed", HeapProbe.usedAfterGc())));
        return server;
    }

    /** {@code BenchServer PORT SECRET [REDIS_URL]}: runs until SIGINT/SIGTERM, listening on 127.0.0.1. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: BenchServer PORT HS256_SECRET [REDIS_URL]");
            System.exit(2);
        }
        SyncServer server = create("127.0.0.1", Integer.parseInt(args[0]), args[1], args.length > 2 ? args[2] : null)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "bench-shutdown"));
        System.out.println(BenchEvents.READY_LINE + " syncio port=" + server.port());
        stopped.await();
    }
}
