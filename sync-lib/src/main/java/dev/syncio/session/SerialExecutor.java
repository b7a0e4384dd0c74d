package dev.syncio.session;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the per-socket ordering of
 * host callbacks without a thread per socket.
 */
final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    /**
     * Smallest at first, an array of two slots (an idle socket holds it for its whole life; a task
     * at a time is the usual load); it grows when tasks pile up.
     */
    private final Deque<Runnable> tasks = new ArrayDeque<>(1);
    private boolean running;
    /** Set by a running task: the queue waits for it, then runs {@link #afterGate} first. */
    private CompletionStage<?> gate;
    private Runnable afterGate;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        start();
    }

    /**
     * Hands the queue to the pool. A pool that refuses (it shuts down) must not leave the queue
     * marked running for good: it is released, so a later task tries again.
     */
    private void start() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (tasks) {
                running = false;
            }
            log.debug("a socket's callbacks were refused by the pool (it shuts down): {}", e.toString());
        }
    }

    /**
     * Called from a task of this executor: once it returns, the tasks after it wait until
     * {@code stage} completes (no thread waits meanwhile), then {@code next} runs before them.
     */
    void pauseUntil(CompletionStage<?> stage, Runnable next) {
        gate = stage;
        afterGate = next;
    }

    /**
     * Called from a task of this executor: runs {@code next} now when {@code stage} is complete,
     * otherwise as {@link #pauseUntil} does.
     */
    void continueAfter(CompletionStage<?> stage, Runnable next) {
        if (stage.toCompletableFuture().isDone()) {
            next.run();
        } else {
            pauseUntil(stage, next);
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("uncaught error in a socket callback", e);
            }
            if (gate != null) {
                CompletionStage<?> waitFor = gate;
                Runnable next = afterGate;
                gate = null;
                afterGate = null;
                synchronized (tasks) {
                    tasks.addFirst(next);
                }
                // still "running": new tasks queue up behind the gate
                waitFor.whenComplete((result, error) -> start());
                return;
            }
        }
    }
}
