package dev.syncio.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Set;

/**
 * Real {@link EngineSession}s for the JMH broadcast benchmark ({@code dev.syncio.it.bench.jmh}),
 * whose constructor is package-private: this class sits in the transport's package (a split
 * package on the class path, in {@code integration-tests} only; sync-lib is not changed for it).
 * A session made here is on WebSocket from the start, bound to {@code webSocket}, and never
 * opened: no heartbeat timer, no layer above. Writes go through its real send path
 * ({@link EngineSession#broadcast}, the queue, {@code LoopFlusher}). Benchmarks only.
 */
public final class BenchSessions {

    private static final EngineOptions OPTIONS = new EngineOptions("127.0.0.1", 0, "/socket.io", null, Set.of(),
            25_000, 20_000, 1_000_000, true, false, null, 0, 1 << 20, 5_000, -1, -1, false);

    private final EngineContext context = new EngineContext(OPTIONS, new Sessions(), null);

    /**
     * A WebSocket session living on {@code loop} that writes to {@code webSocket}.
     *
     * @param loop      the session's event loop (its broadcasts are grouped by it)
     * @param webSocket the channel its frames are written to
     */
    public EngineSession webSocketSession(String id, EventLoop loop, Channel webSocket) {
        EngineSession session = new EngineSession(id, loop, context, HandshakeCredentials.NONE, null, true);
        session.attachWebSocket(webSocket, true);
        return session;
    }
}
