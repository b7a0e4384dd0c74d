package dev.syncio.transport;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Coalesces flushes on one event loop: sessions written to during a loop turn are flushed once,
 * by a task that runs after the tasks already queued, so a burst of writes (one broadcast to
 * many members, or many events to one) costs one flush per session instead of one per write.
 * Loop-confined: each event loop thread has its own.
 */
final class LoopFlusher implements Runnable {

    private static final FastThreadLocal<LoopFlusher> CURRENT = new FastThreadLocal<>() {
        @Override
        protected LoopFlusher initialValue() {
            return new LoopFlusher();
        }
    };

    private final List<EngineSession> dirty = new ArrayList<>();
    private boolean scheduled;

    /** Flushes {@code session} at the end of this loop turn; called on the session's loop. */
    static void flushLater(EngineSession session) {
        LoopFlusher flusher = CURRENT.get();
        flusher.dirty.add(session);
        if (!flusher.scheduled) {
            flusher.scheduled = true;
            session.loop().execute(flusher);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        // index loop: a flush may mark another session dirty, which is then flushed in this run too
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flushNow();
        }
        dirty.clear();
    }
}
