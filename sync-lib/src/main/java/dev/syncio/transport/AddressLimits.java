package dev.syncio.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The per-address limits of the transport: open connections per client IP address, and new
 * sessions (handshakes) per second per address, counted in fixed one-second windows. A limit of 0
 * is off. Thread-safe: connections are opened on any event loop.
 */
final class AddressLimits {

    /** Past this many addresses, stale handshake windows are swept at the next handshake. */
    private static final int SWEEP_ABOVE = 10_000;

    private record Window(long second, int count) {
    }

    private final int maxConnections;
    private final int maxHandshakesPerSecond;
    private final ConcurrentMap<InetAddress, Integer> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<InetAddress, Window> handshakes = new ConcurrentHashMap<>();

    AddressLimits(int maxConnections, int maxHandshakesPerSecond) {
        this.maxConnections = maxConnections;
        this.maxHandshakesPerSecond = maxHandshakesPerSecond;
    }

    /** Counts a new connection from {@code address}; false (not counted) when it is one too many. */
    boolean tryOpen(InetAddress address) {
        if (maxConnections <= 0 || address == null) {
            return true;
        }
        boolean[] admitted = new boolean[1];
        connections.compute(address, (a, open) -> {
            int n = open == null ? 0 : open;
            admitted[0] = n < maxConnections;
            return admitted[0] ? n + 1 : open;
        });
        return admitted[0];
    }

    /** A connection counted by {@link #tryOpen} closed. */
    void closed(InetAddress address) {
        if (maxConnections <= 0 || address == null) {
            return;
        }
        connections.computeIfPresent(address, (a, open) -> open <= 1 ? null : open - 1);
    }

    /** Counts a handshake from {@code address}; false when the address is over its rate this second. */
    boolean tryHandshake(InetAddress address) {
        if (maxHandshakesPerSecond <= 0 || address == null) {
            return true;
        }
        long second = System.nanoTime() / 1_000_000_000L;
        if (handshakes.size() > SWEEP_ABOVE) {
            handshakes.values().removeIf(w -> w.second() != second);
        }
        Window window = handshakes.compute(address, (a, w) -> w == null || w.second() != second
                ? new Window(second, 1) : new Window(second, w.count() + 1));
        return window.count() <= maxHandshakesPerSecond;
    }
}
