package dev.syncio.session;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one body on two threads at once ("left" and "right"), for the tests of the copy-on-write structures. */
final class TwoThreads {

    /** The body of one thread; it may throw (an assertion failure) and is given the thread's name. */
    interface Body {
        void run(String name) throws Exception;
    }

    private TwoThreads() {
    }

    /** Starts both together, waits for both, and fails with the first failure of either. */
    static void run(Body body) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(2);
        for (String name : new String[] {"left", "right"}) {
            new Thread(() -> {
                try {
                    start.await();
                    body.run(name);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }, name).start();
        }
        done.await();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
