package dev.syncio.it.bench.server;

/** A running bench server the generator can drive and measure. */
public interface ServerHandle extends AutoCloseable {

    ServerKind kind();

    /** Its port on 127.0.0.1. */
    int port();

    /** The process whose {@code /proc} entries give its RSS, threads and CPU. */
    long pid();

    /** The name in tables: the kind's label, or what a group of processes is. */
    default String label() {
        return kind().label();
    }

    /** Where clients connect: one port, or one per node of a cluster (client i takes port i mod n). */
    default int[] ports() {
        return new int[] {port()};
    }

    /** Every process whose CPU counts as the server's (the nodes of a cluster and its Redis). */
    default long[] pids() {
        return new long[] {pid()};
    }

    /** Stops it and waits (bounded) until it is gone. */
    @Override
    void close();
}
