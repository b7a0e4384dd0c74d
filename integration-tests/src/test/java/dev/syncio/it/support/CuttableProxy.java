package dev.syncio.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback to a local port whose connections can be cut at once, as a phone's
 * network drops: {@link #cut()} resets every proxied connection (RST on both sides, no close
 * handshake) and refuses new ones until {@link #restore()}. The Java twin of the JavaScript
 * recovery test's proxy.
 */
public final class CuttableProxy implements AutoCloseable {

    private volatile int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;

    private CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cuttable-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Sends new connections to another port from now on (open ones stay where they are), as a
     * load balancer does once a node is out of rotation.
     */
    public void retarget(int port) {
        this.targetPort = port;
    }

    /** A proxy to {@code 127.0.0.1:targetPort}, accepting. */
    public static CuttableProxy to(int targetPort) {
        try {
            return new CuttableProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<proxy port>} */
    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Resets every proxied connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        refusing = true;
        for (Socket socket : open) {
            reset(socket);
        }
    }

    /** Accepts connections again. */
    public void restore() {
        refusing = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket downstream;
            try {
                downstream = listener.accept();
            } catch (IOException closed) {
                return;
            }
            if (refusing) {
                reset(downstream);
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(downstream);
                open.add(upstream);
                pump(downstream, upstream);
                pump(upstream, downstream);
            } catch (IOException e) {
                reset(downstream);
            }
        }
    }

    /** Copies one direction on a thread of its own; when either side ends, both do. */
    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // reset or closed: the other side follows below
            } finally {
                reset(from);
                reset(to);
            }
        }, "cuttable-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with SO_LINGER 0, which sends an RST instead of a FIN. */
    private void reset(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException alreadyClosed) {
            // nothing left to reset
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    @Override
    public void close() {
        cut();
        try {
            listener.close();
        } catch (IOException ignored) {
            // the acceptor ends either way
        }
    }
}
