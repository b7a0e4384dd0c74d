package dev.syncio.transport;

import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import com.corundumstudio.socketio.scheduler.SchedulerKey;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer behind heartbeats and timeouts. netty-socketio's default is a timer wheel ticking
 * every 100 ms, so a 200 ms ping timeout fired up to 100 ms late and a client polling right at the
 * deadline still found its dead session; a scheduled executor fires within a millisecond. Tasks run
 * on the timer thread and only hand work off (netty-socketio's tasks write to channels).
 */
final class PreciseScheduler implements CancelableScheduler {

    private final ConcurrentMap<SchedulerKey, ScheduledFuture<?>> keyed = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;

    PreciseScheduler() {
        timer = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("syncio-timer", true));
        timer.setRemoveOnCancelPolicy(true); // cancelled heartbeats must not pile up
    }

    @Override
    public void update(ChannelHandlerContext ctx) {
        // netty-socketio passes a context for scheduleCallback; this scheduler does not need it
    }

    @Override
    public void cancel(SchedulerKey key) {
        ScheduledFuture<?> future = keyed.remove(key);
        if (future != null) {
            future.cancel(false);
        }
    }

    @Override
    public void schedule(Runnable runnable, long delay, TimeUnit unit) {
        timer.schedule(runnable, delay, unit);
    }

    @Override
    public void scheduleCallback(SchedulerKey key, Runnable runnable, long delay, TimeUnit unit) {
        schedule(key, runnable, delay, unit);
    }

    @Override
    public void schedule(SchedulerKey key, Runnable runnable, long delay, TimeUnit unit) {
        KeyedTask task = new KeyedTask(key, runnable);
        task.future = timer.schedule(task, delay, unit);
        ScheduledFuture<?> previous = keyed.put(key, task.future);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    @Override
    public void shutdown() {
        timer.shutdownNow();
    }

    private final class KeyedTask implements Runnable {
        private final SchedulerKey key;
        private final Runnable runnable;
        private volatile ScheduledFuture<?> future;

        KeyedTask(SchedulerKey key, Runnable runnable) {
            this.key = key;
            this.runnable = runnable;
        }

        @Override
        public void run() {
            if (future != null) {
                keyed.remove(key, future);
            }
            runnable.run();
        }
    }
}
