package dev.syncio.it.bench.server;

/** The servers the benchmark compares; each implements {@link BenchEvents}. */
public enum ServerKind {
    /** syncio through its public API: {@link BenchServer}. */
    SYNCIO("syncio"),
    /** netty-socketio 2.0.14 used directly: {@link BaselineServer}. */
    BASELINE("netty-socketio"),
    /** Node socket.io 4.8: {@code integration-tests/bench/node/server.mjs}. */
    NODE("node socket.io");

    private final String label;

    ServerKind(String label) {
        this.label = label;
    }

    /** The column name in the benchmark's tables. */
    public String label() {
        return label;
    }
}
