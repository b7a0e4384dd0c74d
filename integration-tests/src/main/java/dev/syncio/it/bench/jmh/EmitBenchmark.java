package dev.syncio.it.bench.jmh;

import dev.syncio.SyncConfig;
import dev.syncio.cluster.LocalBus;
import dev.syncio.emit.Broadcast;
import dev.syncio.emit.EmitterImpl;
import dev.syncio.emit.LocalDelivery;
import dev.syncio.emit.LocalMembers;
import dev.syncio.emit.Recipient;
import dev.syncio.emit.RoomNames;
import dev.syncio.emit.Target;
import dev.syncio.event.Payloads;
import dev.syncio.protocol.Mappers;
import dev.syncio.protocol.SioEncoder;
import dev.syncio.transport.BenchSessions;
import dev.syncio.transport.EngineSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One emit to a conversation of {@link #members} sockets, through syncio's real pipeline, on one
 * thread: {@link EmitterImpl} ({@code toConversation("c1").emit("message:new", payload)}: the
 * target, encoding once) -> {@link LocalBus} (offset, lock) -> {@link LocalDelivery} (member
 * selection, one {@code EngineFrame}) -> {@link EngineSession#broadcast} (grouped by event loop)
 * -> each session's send path (a {@code TextWebSocketFrame} over the shared bytes, written to its
 * channel, one flush per session at the end of the loop turn). {@link #deliverOnly} starts at the
 * bus's sink with a broadcast encoded beforehand: member selection and per-member writes alone.
 *
 * <p>Each session is real but carried by a Netty {@link EmbeddedChannel} instead of a socket.
 * With {@code wire = websocket} its pipeline holds Netty's server-side WebSocket frame encoder
 * (the frame header and, for small frames, a copy of the payload into a pooled buffer), as in the
 * server; with {@code wire = none} the frames go straight to the sink. The sink, at the head of
 * the pipeline, counts the bytes and releases them: no system call, no socket. The sessions are
 * spread over two event loops, as a 2-core server has; those loops are embedded ones, which run a
 * task inline, so the hand-off of one task per loop to another thread (and its wake-up) is not
 * included, and neither are the load benchmark's dispatcher, rate limiter and JWT/auth work.
 *
 * <p>Run with {@code integration-tests/jmh.sh Emit} (docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EmitBenchmark {

    private static final String CONVERSATION = "c1";
    private static final int EVENT_LOOPS = 2;

    @Param({"100", "1000", "10000"})
    public int members;

    /** {@code websocket}: Netty's WebSocket frame encoder in every session's pipeline; {@code none}: without. */
    @Param({"websocket", "none"})
    public String wire;

    private final List<EmbeddedChannel> loopAnchors = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final CountingSink sink = new CountingSink();
    private LocalBus bus;
    private LocalDelivery delivery;
    private EmitterImpl emitter;
    private Payloads.MessageNew payload;
    private Broadcast encodedBroadcast;
    private long delivered;

    @Setup
    public void setUp() {
        for (int i = 0; i < EVENT_LOOPS; i++) {
            loopAnchors.add(new EmbeddedChannel());   // only its event loop is used
        }
        BenchSessions factory = new BenchSessions();
        Room room = new Room(RoomNames.conversation(CONVERSATION));
        for (int i = 0; i < members; i++) {
            EmbeddedChannel channel = "websocket".equals(wire)
                    ? new EmbeddedChannel(sink, new WebSocket13FrameEncoder(false))
                    : new EmbeddedChannel(sink);
            channels.add(channel);
            EventLoop loop = loopAnchors.get(i % EVENT_LOOPS).eventLoop();
            EngineSession session = factory.webSocketSession("s" + i, loop, channel);
            room.sockets.add(new Member("sock-" + i, "user-" + i, session));
        }
        SioEncoder encoder = new SioEncoder(Mappers.wire());
        // as a server with authentication runs by default: recovery keeps a history, events carry offsets
        SyncConfig.Recovery recovery = SyncConfig.Recovery.DEFAULT;
        bus = new LocalBus(recovery.maxEvents(), recovery.maxBytes(), recovery.window());
        delivery = new LocalDelivery(room, n -> delivered += n, true);
        bus.start(delivery);
        emitter = new EmitterImpl(encoder, bus::publish, "/");
        payload = CodecBenchmark.messageNewRecord();
        encodedBroadcast = new Broadcast(new Target("/", Set.of(room.name), false, Set.of(), Set.of()),
                encoder.event("/", "message:new", List.of(payload), -1), true);
        check();
    }

    /** One emit reaches every member once, with the frame's bytes: the benchmark measures what it says. */
    private void check() {
        long framesBefore = sink.frames;
        long deliveredBefore = delivered;
        emitToRoom();
        if (sink.frames - framesBefore != members || delivered - deliveredBefore != members) {
            throw new IllegalStateException("one emit wrote " + (sink.frames - framesBefore) + " frames and counted "
                    + (delivered - deliveredBefore) + " deliveries for " + members + " members");
        }
        for (EmbeddedChannel channel : channels) {
            channel.checkException();
        }
    }

    @TearDown
    public void tearDown() {
        bus.close();
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        loopAnchors.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    /** The whole emit: target, encoding, bus, delivery, every member's write and flush. */
    @Benchmark
    public long emitToRoom() {
        emitter.toConversation(CONVERSATION).emit("message:new", payload);
        endLoopTurn();
        return sink.bytes;
    }

    /** From the bus's sink on: member selection, one frame, every member's write and flush. */
    @Benchmark
    public long deliverOnly() {
        delivery.deliver(encodedBroadcast, "1");
        endLoopTurn();
        return sink.bytes;
    }

    /** What a real loop does after the tasks of a turn: runs the flusher the writes scheduled. */
    private void endLoopTurn() {
        for (int i = 0; i < loopAnchors.size(); i++) {
            loopAnchors.get(i).runPendingTasks();
        }
    }

    /** The members of one room, like the session layer's room sets (a concurrent set of sockets). */
    private static final class Room implements LocalMembers {

        private final String name;
        private final Set<Member> sockets = ConcurrentHashMap.newKeySet();

        Room(String name) {
            this.name = name;
        }

        @Override
        public Collection<? extends Recipient> members(String namespace, String room) {
            return "/".equals(namespace) && name.equals(room) ? sockets : Set.of();
        }

        @Override
        public Collection<? extends Recipient> all(String namespace) {
            return "/".equals(namespace) ? sockets : Set.of();
        }
    }

    /** A connected socket; identity equality, like the session layer's sockets. */
    private static final class Member implements Recipient {

        private final String id;
        private final String userId;
        private final EngineSession engine;

        Member(String id, String userId, EngineSession engine) {
            this.id = id;
            this.userId = userId;
            this.engine = engine;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public EngineSession engine() {
            return engine;
        }

        @Override
        public void leaveRoom(String room) {
            // the benchmark's members are in no conversation or topic
        }
    }

    /** Stands in for the socket: counts what reaches the head of the pipeline and releases it. */
    @ChannelHandler.Sharable
    private static final class CountingSink extends ChannelOutboundHandlerAdapter {

        long frames;
        long bytes;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buf) {
                bytes += buf.readableBytes();
                frames++;
            } else if (msg instanceof ByteBufHolder holder) {
                bytes += holder.content().readableBytes();
                frames++;
            }
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
        }
    }
}
