package dev.syncio.it.bench.server;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's first baseline: the same events as {@link BenchServer} ({@link BenchEvents}),
 * written directly on netty-socketio 2.0.14 the way its documentation shows (SocketIOServer, an
 * auth-token listener that verifies the JWT with jjwt, rooms, {@code getRoomOperations().sendEvent}).
 * netty-socketio is a dependency of the benchmark only.
 *
 * <p>{@code integration-tests/bench-server.sh PORT SECRET baseline} runs it in the foreground.
 */
public final class BaselineServer {

    private BaselineServer() {
    }

    /** Builds (does not start) the baseline server on {@code host:port}. */
    public static SocketIOServer create(String host, int port, String secret) {
        Configuration config = new Configuration();
        config.setHostname(host);
        config.setPort(port);
        // syncio's defaults, so both servers ping at the same rate
        config.setPingInterval(25_000);
        config.setPingTimeout(20_000);
        SocketIOServer server = new SocketIOServer(config);

        JwtParser parser = Jwts.parser()
                .verifyWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)))
                .requireIssuer(BenchEvents.ISSUER)
                .build();
        server.getNamespace("").addAuthTokenListener((auth, client) -> {
            Object token = auth instanceof Map<?, ?> map ? map.get("token") : null;
            if (!(token instanceof String jwt) || jwt.isEmpty()) {
                return new AuthTokenResult(false, Map.of("code", "token_missing"));
            }
            try {
                String userId = parser.parseSignedClaims(jwt).getPayload().getSubject();
                client.joinRoom("user:" + userId);
                return AuthTokenResult.AuthTokenResultSuccess;
            } catch (JwtException | IllegalArgumentException e) {
                return new AuthTokenResult(false, Map.of("code", "token_invalid"));
            }
        });
        server.addEventListener(BenchEvents.JOIN, Map.class, (client, data, ack) -> {
            Object conversationId = data.get("conversationId");
            client.joinRoom("conversation:" + conversationId);
            if (ack.isAckRequested()) {
                ack.sendAckData(Map.of("ok", true, "conversationId", conversationId));
            }
        });
        server.addEventListener(BenchEvents.SEND, Map.class, (client, data, ack) -> {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("conversationId", data.get("conversationId"));
            message.put("text", data.get("text"));
            message.put("sentAt", data.get("sentAt"));
            server.getRoomOperations("conversation:" + data.get("conversationId")).sendEvent(BenchEvents.MESSAGE_NEW, message);
        });
        server.addEventListener(BenchEvents.STATS, Object.class, (client, data, ack) ->
                ack.sendAckData(Map.of("ok", true, "heapUsed", HeapProbe.usedAfterGc())));
        return server;
    }

    /** {@code BaselineServer PORT SECRET}: runs until SIGINT/SIGTERM, listening on 127.0.0.1. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: BaselineServer PORT HS256_SECRET");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        SocketIOServer server = create("127.0.0.1", port, args[1]);
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "bench-shutdown"));
        System.out.println(BenchEvents.READY_LINE + " baseline port=" + port);
        stopped.await();
    }
}
