package dev.syncio.it.bench.server;

/** A running bench server the generator can drive and measure. */
public interface ServerHandle extends AutoCloseable {

    ServerKind kind();

    /** Its port on 127.0.0.1. */
    int port();

    /** The process whose {@code /proc} entries give its RSS, threads and CPU. */
    long pid();

    /** Stops it and waits (bounded) until it is gone. */
    @Override
    void close();
}
