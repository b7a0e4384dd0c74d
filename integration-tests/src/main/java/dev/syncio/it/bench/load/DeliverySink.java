package dev.syncio.it.bench.load;

/** Receives every {@code message:new} a load client gets, on that client's event loop. */
@FunctionalInterface
public interface DeliverySink {

    /** A sink for phases where no message is expected; deliveries are ignored. */
    DeliverySink IGNORE = (client, messageIndex, sentAtNanos, receivedAtNanos) -> { };

    /**
     * @param client          the receiving client
     * @param messageIndex    the message number the generator put in the text ({@code k<index>})
     * @param sentAtNanos     the generator's {@code System.nanoTime()} when it sent the message
     * @param receivedAtNanos {@code System.nanoTime()} when the frame was read
     */
    void delivered(LoadClient client, int messageIndex, long sentAtNanos, long receivedAtNanos);
}
