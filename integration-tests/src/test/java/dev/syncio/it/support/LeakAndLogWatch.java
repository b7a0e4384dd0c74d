package dev.syncio.it.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Watches a test class for buffer leaks and for stack traces logged about client input.
 *
 * <p>Register it as a static extension <em>before</em> the server starts:
 * <pre>{@code @RegisterExtension static final LeakAndLogWatch WATCH = new LeakAndLogWatch();}</pre>
 * Before the class it sets Netty's {@link ResourceLeakDetector} to PARANOID (every buffer tracked)
 * and attaches a {@link ListAppender} to the root logger; after the class it restores both. After
 * every test it {@linkplain #assertClean() asserts} that no buffer leaked and that nothing from the
 * server's packages ({@code dev.syncio}, {@code io.netty}, {@code com.corundumstudio}) logged a
 * WARN/ERROR with a throwable (a stack trace); tests about client input add
 * {@link #assertNoWarnOrError()}.
 *
 * <p>Netty reports a leak only when a leaked buffer has been garbage collected <em>and</em> a later
 * allocation polls the detector's reference queue, so {@link #provokeLeakReports()} runs GCs (waiting
 * on a sentinel weak reference each time, so the collector's reference processing is done) and then
 * allocates and releases tracked buffers.
 */
public final class LeakAndLogWatch implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    /** Loggers of the server: syncio, Netty, and (today) netty-socketio. */
    public static final List<String> SERVER_LOGGERS = List.of("dev.syncio", "io.netty", "com.corundumstudio");

    private final Map<String, Level> debugLoggers = new HashMap<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private ResourceLeakDetector.Level previousLevel;

    /** Also captures DEBUG events of these loggers (for stack traces logged at DEBUG, or a DEBUG log line). */
    public LeakAndLogWatch debug(String... loggers) {
        for (String logger : loggers) {
            debugLoggers.put(logger, null);
        }
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        for (String name : debugLoggers.keySet()) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            debugLoggers.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        appender.setName("leak-and-log-watch");
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
        debugLoggers.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        if (previousLevel != null) {
            ResourceLeakDetector.setLevel(previousLevel);
        }
    }

    /**
     * Flushes the leak reports of what ran before (an earlier test that failed, the server's start)
     * and forgets them, so that what is reported after a test belongs to that test.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        provokeLeakReports();
        clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            assertClean();
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Forgets the events captured so far. */
    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    /** The events captured so far (a copy). */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    /** Captured events that match. */
    public List<ILoggingEvent> events(Predicate<ILoggingEvent> filter) {
        return events().stream().filter(filter).collect(Collectors.toList());
    }

    /** Whether some captured event's message contains {@code text} (case-insensitive). */
    public boolean logged(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return events().stream().anyMatch(e -> e.getFormattedMessage().toLowerCase(java.util.Locale.ROOT).contains(lower));
    }

    private static boolean fromServer(ILoggingEvent event) {
        return SERVER_LOGGERS.stream().anyMatch(prefix -> event.getLoggerName().startsWith(prefix));
    }

    private static String describe(List<ILoggingEvent> events) {
        return events.stream().limit(5)
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " [" + e.getThrowableProxy().getClassName()
                        + ": " + e.getThrowableProxy().getMessage() + "]"))
                .collect(Collectors.joining("\n  ", "\n  ", events.size() > 5 ? "\n  ... " + events.size() + " in all" : ""));
    }

    /**
     * Runs garbage collection until the collector has processed its references, several times, and
     * allocates and releases tracked buffers after each, so that Netty's leak detector reports every
     * leaked buffer that is no longer reachable.
     */
    public static void provokeLeakReports() {
        for (int round = 0; round < 4; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
            try {
                for (int attempt = 0; attempt < 20 && queue.poll() == null; attempt++) {
                    System.gc();
                    if (queue.remove(250) != null) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            sentinel.clear();
            for (int i = 0; i < 64; i++) {
                ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(256);
                direct.writeInt(i);
                direct.release();
                ByteBuf heap = PooledByteBufAllocator.DEFAULT.heapBuffer(256);
                heap.writeInt(i);
                heap.release();
                ByteBuf unpooled = Unpooled.directBuffer(256);
                unpooled.writeInt(i);
                unpooled.release();
            }
        }
    }

    /** Asserts that Netty's leak detector reported no leak (run {@link #provokeLeakReports()} first). */
    public void assertNoLeakReported() {
        List<ILoggingEvent> leaks = events(e -> e.getFormattedMessage().contains("LEAK:"));
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty's leak detector reported leaked buffers:" + describe(leaks)
                    + "\nfirst report:\n" + leaks.get(0).getFormattedMessage());
        }
    }

    /** Asserts that no server logger logged a WARN or ERROR with a throwable (a stack trace). */
    public void assertNoStackTraces() {
        List<ILoggingEvent> traces = events(e -> fromServer(e) && e.getThrowableProxy() != null
                && e.getLevel().isGreaterOrEqual(Level.WARN));
        if (!traces.isEmpty()) {
            throw new AssertionError("the server logged stack traces:" + describe(traces));
        }
    }

    /** Asserts that no server logger logged at WARN or ERROR at all (for tests whose only trigger is client input). */
    public void assertNoWarnOrError() {
        List<ILoggingEvent> warnings = events(e -> fromServer(e) && e.getLevel().isGreaterOrEqual(Level.WARN));
        if (!warnings.isEmpty()) {
            throw new AssertionError("the server logged WARN/ERROR for client input:" + describe(warnings));
        }
    }

    /**
     * {@link #assertNoWarnOrError()}, except the once-a-minute refusal summary
     * ({@code dev.syncio.session.RefusalSummary}), which is a WARN by design from 100 refusals a
     * minute: what a fuzzer or a churn with refused CONNECTs produces when it runs over a minute.
     */
    public void assertNoWarnOrErrorButTheRefusalSummary() {
        List<ILoggingEvent> warnings = events(e -> fromServer(e) && e.getLevel().isGreaterOrEqual(Level.WARN)
                && !(e.getLoggerName().equals("dev.syncio.session.RefusalSummary")
                        && e.getFormattedMessage().startsWith("in the last minute:")));
        if (!warnings.isEmpty()) {
            throw new AssertionError("the server logged WARN/ERROR for client input:" + describe(warnings));
        }
    }

    /** {@link #provokeLeakReports()}, then no leak and no stack trace. */
    public void assertClean() {
        provokeLeakReports();
        assertNoLeakReported();
        assertNoStackTraces();
    }

    /**
     * Bytes the default Netty allocator (the one a server's channels use unless configured
     * otherwise) holds for buffers in use, heap and direct; -1 when it does not report them.
     */
    public static long allocatorBytesInUse() {
        ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
        if (allocator instanceof PooledByteBufAllocator pooled) {
            // used*Memory counts whole chunks; pinned active bytes is what buffers in use hold
            return pooled.pinnedDirectMemory() + pooled.pinnedHeapMemory();
        }
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            return metric.usedDirectMemory() + metric.usedHeapMemory();
        }
        return -1;
    }
}
