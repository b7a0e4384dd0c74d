package dev.syncio.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One plain TCP connection to a server on {@code 127.0.0.1}, for tests that must control every
 * byte a client sends (half-sent requests, oversized headers, kept-alive idle connections) and see
 * every byte and the close the server answers with. Nothing is hidden or retried, unlike an HTTP
 * client library.
 */
public final class RawConnection implements AutoCloseable {

    /** The longest a single blocking read of a test may wait. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int serverPort;

    private RawConnection(Socket socket, int serverPort) throws IOException {
        this.socket = socket;
        this.serverPort = serverPort;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code 127.0.0.1:port}. */
    public static RawConnection open(int port) {
        return open(port, 0);
    }

    /**
     * Connects with a receive buffer of {@code receiveBufferBytes} (set before connecting, so that
     * the TCP window is small from the start; 0 keeps the system default).
     */
    public static RawConnection open(int port, int receiveBufferBytes) {
        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new RawConnection(socket, port);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
    }

    public int serverPort() {
        return serverPort;
    }

    /** The client's ephemeral port (identifies this connection in the kernel's socket table). */
    public int localPort() {
        return socket.getLocalPort();
    }

    InputStream in() {
        return in;
    }

    /** The timeout of the next blocking reads. */
    public void setReadTimeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(timeout.toMillis(), Integer.MAX_VALUE)));
        } catch (SocketException closed) {
            // a closed socket: the read will report it
        }
    }

    /** Writes ASCII text (a request head, for instance) and flushes. */
    public void write(String ascii) {
        write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes, and returns false instead of throwing when the server has closed or reset the connection. */
    public boolean tryWrite(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An HTTP/1.1 request head for {@code target} with the given extra header lines. */
    public static String requestHead(String method, String target, int port, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString();
    }

    /** Sends a complete request (with Content-Length when a body is given). */
    public void send(String method, String target, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null) {
            all.putIfAbsent("Content-Type", "text/plain;charset=UTF-8");
            all.put("Content-Length", Integer.toString(body.length));
        }
        write(requestHead(method, target, serverPort, all));
        if (body != null) {
            write(body);
        }
    }

    /** Sends a request and reads its response. */
    public Response exchange(String method, String target, Map<String, String> headers, byte[] body) {
        send(method, target, headers, body);
        return readResponse();
    }

    /** GET {@code target} and its response. */
    public Response get(String target) {
        return exchange("GET", target, Map.of(), null);
    }

    /** One HTTP response. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /**
     * Reads one response: a body by Content-Length, chunked, none for 1xx/204/304, or up to the
     * close otherwise. Fails when nothing arrives within {@link #READ_TIMEOUT} or the connection
     * closes before a status line.
     */
    public Response readResponse() {
        try {
            String statusLine = readLine();
            if (statusLine == null) {
                throw new AssertionError("the server closed the connection without a response");
            }
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new AssertionError("not an HTTP status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(line.substring(colon + 1).trim());
                }
            }
            byte[] body;
            List<String> length = headers.get("content-length");
            List<String> encoding = headers.get("transfer-encoding");
            if (status < 200 || status == 204 || status == 304) {
                body = new byte[0];
            } else if (length != null) {
                body = in.readNBytes(Integer.parseInt(length.get(0)));
            } else if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
                body = readChunked();
            } else {
                body = in.readAllBytes();
            }
            return new Response(status, headers, body);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response within " + READ_TIMEOUT, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                return body.toByteArray();
            }
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(size));
            readLine();
        }
    }

    /** A CRLF-terminated line, or null at the end of the stream. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /**
     * Reads and discards whatever arrives until the server closes the connection (end of stream or
     * a reset) and returns true; returns false when the connection is still open after
     * {@code timeout}. Reading is what lets a server that waits for its last bytes to be read
     * finish, so use {@link TcpConnections} to see whether the server closed without that.
     */
    public boolean awaitClosedByServer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[64 * 1024];
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(left / 1_000_000, READ_TIMEOUT.toMillis())));
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // loop: the deadline decides
                }
            }
        } catch (SocketException reset) {
            return true; // connection reset: closed by the server
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            } catch (SocketException ignored) {
                // closed
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
