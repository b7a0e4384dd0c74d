package dev.syncio.cluster;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Keeps the bus stream about as long as the recovery window, and samples its size. {@code MAXLEN ~}
 * on every XADD bounds the stream by count only; a quiet cluster would otherwise keep events far
 * older than any session that could still recover them. So every reading node, every
 * max(1 s, maxAge / 4) (at most 5 s, so that the size samples stay fresh), runs one script that
 * trims with {@code XTRIM MINID ~} (Redis 6.2+) to the entries younger than {@code maxAge} and
 * returns XLEN and MEMORY USAGE. The script reads Redis's own clock (TIME), so node clocks that
 * disagree do not matter. Trimming is approximate (whole macro nodes), like the MAXLEN trim; a
 * maxAge of zero trims by count only. Several nodes doing it is harmless: the trim is idempotent.
 * <p>
 * Ticks run on the JDK's shared delay thread and only issue one asynchronous command; the next
 * tick is scheduled when the reply arrives, so ticks never pile up behind a slow Redis.
 */
final class StreamUpkeep {

    /**
     * KEYS: the stream. ARGV: max age in ms (0: no age trim). Returns {XLEN, MEMORY USAGE (0 when
     * there is no stream)}.
     */
    static final String SCRIPT = """
            local maxAge = tonumber(ARGV[1])
            if maxAge > 0 then
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
              if now > maxAge then
                redis.call('XTRIM', KEYS[1], 'MINID', '~', (now - maxAge) .. '-0')
              end
            end
            return {redis.call('XLEN', KEYS[1]), redis.call('MEMORY', 'USAGE', KEYS[1]) or 0}
            """;

    private static final Logger log = LoggerFactory.getLogger(StreamUpkeep.class);
    private static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    private static final Duration MAX_PERIOD = Duration.ofSeconds(5);

    private final RScript script;
    private final String key;
    private final long maxAgeMillis;
    private final long periodMillis;
    private final BooleanSupplier clientGone;

    private volatile boolean stopped;
    private volatile long events = -1;
    private volatile long bytes = -1;

    StreamUpkeep(RedissonClient client, String key, Duration maxAge, BooleanSupplier clientGone) {
        this.script = client.getScript(StringCodec.INSTANCE);
        this.key = key;
        this.maxAgeMillis = maxAge.toMillis();
        Duration quarter = maxAge.dividedBy(4);
        this.periodMillis = quarter.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD.toMillis()
                : Math.min(quarter.toMillis(), MAX_PERIOD.toMillis());
        this.clientGone = clientGone;
    }

    /** The first tick runs at once: the size is known soon after start. */
    void start() {
        tick();
    }

    void stop() {
        stopped = true;
    }

    /** XLEN at the last sample, -1 before the first. */
    long events() {
        return events;
    }

    /** MEMORY USAGE at the last sample, -1 before the first. */
    long bytes() {
        return bytes;
    }

    private void tick() {
        if (stopped || clientGone.getAsBoolean()) {
            return;
        }
        Async.<List<Object>>call(() -> script.evalAsync(RScript.Mode.READ_WRITE, SCRIPT,
                RScript.ReturnType.LIST, List.of(key), String.valueOf(maxAgeMillis))).whenComplete((reply, error) -> {
            if (error != null) {
                // the reader reports outages; a missed trim is made up by the next one
                log.debug("cluster bus: trimming the stream failed ({})", error.toString());
            } else if (reply != null && reply.size() == 2) {
                events = ((Number) reply.get(0)).longValue();
                bytes = ((Number) reply.get(1)).longValue();
            }
            if (!stopped) {
                CompletableFuture.delayedExecutor(periodMillis, TimeUnit.MILLISECONDS, Runnable::run)
                        .execute(this::tick);
            }
        });
    }
}
