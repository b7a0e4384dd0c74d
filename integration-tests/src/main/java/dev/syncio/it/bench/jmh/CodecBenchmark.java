package dev.syncio.it.bench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncio.event.ChatMessage;
import dev.syncio.event.Payloads;
import dev.syncio.protocol.EncodedPacket;
import dev.syncio.protocol.InvalidPacketException;
import dev.syncio.protocol.Mappers;
import dev.syncio.protocol.SioEncoder;
import dev.syncio.protocol.SioPacket;
import dev.syncio.protocol.SioParser;
import dev.syncio.transport.EngineFrame;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec's per-message costs, each on its own, single-threaded: parsing a client's event
 * ({@link SioParser}), encoding a {@code message:new} ({@link SioEncoder}, where the load
 * benchmark's profile showed {@code valueToTree} and then serialising the tree), and turning the
 * encoded packet into the Engine.IO frame every member shares ({@link EngineFrame#message}).
 * {@link #referenceJacksonOnly} is not a syncio method: it writes the same payload with Jackson
 * directly, no tree, as the floor the encoder could get to.
 *
 * <p>Run with {@code integration-tests/jmh.sh Codec} (docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CodecBenchmark {

    /**
     * A client's {@code send_message} as the Socket.IO layer sees it: the Engine.IO {@code 4} is
     * already stripped by the session (on the wire it is {@code 42[...]}).
     */
    static final String SEND_MESSAGE =
            "2[\"send_message\",{\"conversationId\":\"c1\",\"text\":\"hello\",\"sentAt\":123}]";
    /** The same with an ack id ({@code 4212[...]} on the wire). */
    static final String SEND_MESSAGE_WITH_ACK =
            "212[\"send_message\",{\"conversationId\":\"c1\",\"text\":\"hello\",\"sentAt\":123}]";

    private ObjectMapper mapper;
    private SioParser parser;
    private SioEncoder encoder;
    private List<Object> recordArgs;
    private List<Object> mapArgs;
    private Object[] referenceArray;
    private EncodedPacket encoded;

    @Setup
    public void setUp() {
        mapper = Mappers.wire();
        parser = new SioParser(mapper);
        encoder = new SioEncoder(mapper);
        recordArgs = List.of(messageNewRecord());
        mapArgs = List.of(messageNewMap());
        referenceArray = new Object[] {"message:new", recordArgs.get(0)};
        encoded = encoder.event("/", "message:new", recordArgs, -1);
        String direct;
        try {
            direct = referenceJacksonOnly();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!direct.equals(encoded.text()) || !direct.equals(encoder.event("/", "message:new", mapArgs, -1).text())) {
            throw new IllegalStateException("the reference does not write what the encoder writes: " + direct
                    + " / " + encoded.text());
        }
    }

    /** {@code message:new} as the typed helper emits it: the contract's records, with an Instant. */
    static Payloads.MessageNew messageNewRecord() {
        ChatMessage message = new ChatMessage("m-0001", "c1", "u1", "hello",
                Instant.parse("2026-12-05T10:15:30.123Z"), null);
        return new Payloads.MessageNew("Y2t0ZXN0ZXZlbnRp", "c1", message);
    }

    /** The same payload as nested maps, as a host that builds its own payloads emits it. */
    static Map<String, Object> messageNewMap() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", "m-0001");
        message.put("conversationId", "c1");
        message.put("senderId", "u1");
        message.put("text", "hello");
        message.put("createdAt", Instant.parse("2026-12-05T10:15:30.123Z"));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", "Y2t0ZXN0ZXZlbnRp");
        payload.put("conversationId", "c1");
        payload.put("message", message);
        return payload;
    }

    @Benchmark
    public SioPacket parseEvent() throws InvalidPacketException {
        return parser.parse(SEND_MESSAGE);
    }

    @Benchmark
    public SioPacket parseEventWithAck() throws InvalidPacketException {
        return parser.parse(SEND_MESSAGE_WITH_ACK);
    }

    @Benchmark
    public EncodedPacket encodeMessageNewRecord() {
        return encoder.event("/", "message:new", recordArgs, -1);
    }

    @Benchmark
    public EncodedPacket encodeMessageNewMap() {
        return encoder.event("/", "message:new", mapArgs, -1);
    }

    /** Not syncio: Jackson writing {@code ["message:new", payload]} straight to text, no tree. */
    @Benchmark
    public String referenceJacksonOnly() throws JsonProcessingException {
        return "2" + mapper.writeValueAsString(referenceArray);
    }

    @Benchmark
    public EngineFrame engineFrame() {
        return EngineFrame.message(encoded);
    }
}
