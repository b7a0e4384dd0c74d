package dev.syncio.it.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A hand-written RFC 6455 client on a plain socket ({@link RawConnection}): the handshake is built
 * here, every frame it sends is masked as the RFC requires, and reading happens only when the test
 * reads, so a test can stop reading altogether and let the server's writes back up.
 *
 * <p>Engine.IO over it: text frames carry one packet each ({@code 0{...}} open, {@code 2} ping,
 * {@code 40} Socket.IO CONNECT, ...).
 */
public final class RawWebSocket implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Opcodes. */
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    private final RawConnection connection;
    private final DataInputStream in;
    private volatile boolean autoPong = true;

    private RawWebSocket(RawConnection connection) {
        this.connection = connection;
        this.in = new DataInputStream(connection.in());
    }

    /** A fresh {@code Sec-WebSocket-Key}. */
    public static String newKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer to {@code key}. */
    public static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Upgrade request headers with {@code version} as {@code Sec-WebSocket-Version} (null leaves
     * the header out).
     */
    public static Map<String, String> upgradeHeaders(String key, String version) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", key);
        if (version != null) {
            headers.put("Sec-WebSocket-Version", version);
        }
        return headers;
    }

    /** Opens {@code /socket.io/?<query>} with a proper version-13 handshake; fails unless answered 101. */
    public static RawWebSocket open(int port, String query) {
        return open(port, query, 0);
    }

    /** As {@link #open(int, String)}, with a small receive buffer (see {@link RawConnection#open(int, int)}). */
    public static RawWebSocket open(int port, String query, int receiveBufferBytes) {
        RawConnection connection = RawConnection.open(port, receiveBufferBytes);
        try {
            RawWebSocket ws = tryUpgrade(connection, query);
            if (ws == null) {
                throw new AssertionError("WebSocket " + query + " was refused");
            }
            return ws;
        } catch (RuntimeException | AssertionError e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Sends a version-13 upgrade on {@code connection} and reads the answer: the WebSocket when it
     * is 101 with the right accept key, else null (the response is then in {@link #lastRefusal}).
     */
    public static RawWebSocket tryUpgrade(RawConnection connection, String query) {
        String key = newKey();
        connection.send("GET", "/socket.io/?" + query, upgradeHeaders(key, "13"), null);
        RawConnection.Response response = connection.readResponse();
        if (response.status() != 101) {
            LAST_REFUSAL.set(response);
            return null;
        }
        String accept = response.header("Sec-WebSocket-Accept").orElse("");
        if (!accept.equals(acceptFor(key))) {
            throw new AssertionError("wrong Sec-WebSocket-Accept: " + response);
        }
        return new RawWebSocket(connection);
    }

    private static final ThreadLocal<RawConnection.Response> LAST_REFUSAL = new ThreadLocal<>();

    /** The response of the last refused {@link #tryUpgrade} on this thread. */
    public static RawConnection.Response lastRefusal() {
        return LAST_REFUSAL.get();
    }

    public RawConnection connection() {
        return connection;
    }

    public int localPort() {
        return connection.localPort();
    }

    /** Whether WebSocket pings are answered with pongs while reading (default on). */
    public RawWebSocket autoPong(boolean on) {
        this.autoPong = on;
        return this;
    }

    // ---------------------------------------------------------------- writing

    /** Sends a masked text frame. */
    public void sendText(String text) {
        connection.write(frame(TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends a masked text frame; false when the connection is already closed or reset. */
    public boolean trySendText(String text) {
        return connection.tryWrite(frame(TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** One complete, masked frame. */
    public static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write(0x80 | opcode);
        int length = payload.length;
        if (length < 126) {
            out.write(0x80 | length);
        } else if (length <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.writeBytes(mask);
        for (int i = 0; i < length; i++) {
            out.write(payload[i] ^ mask[i & 3]);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- reading

    /** One message as received (fragments joined). */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Thrown by the reads when the server closed: a close frame, the end of the stream, or a reset. */
    public static final class ClosedException extends RuntimeException {
        public ClosedException(String how) {
            super(how);
        }
    }

    /**
     * The next data message (text or binary), answering WebSocket pings when {@link #autoPong} is
     * on. Throws {@link ClosedException} on a close frame, end of stream or reset, and fails the
     * test when nothing arrives within {@code timeout}.
     */
    public Frame nextMessage(Duration timeout) {
        try {
            connection.setReadTimeout(timeout);
            while (true) {
                Frame frame = readFrame();
                switch (frame.opcode()) {
                    case PING -> {
                        if (autoPong) {
                            connection.tryWrite(frame(PONG, frame.payload()));
                        }
                    }
                    case PONG -> {
                        // unsolicited: ignore
                    }
                    case CLOSE -> throw new ClosedException("close frame");
                    default -> {
                        return frame;
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no WebSocket message within " + timeout, e);
        } catch (EOFException e) {
            throw new ClosedException("end of stream");
        } catch (SocketException e) {
            throw new ClosedException("reset: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            connection.setReadTimeout(RawConnection.READ_TIMEOUT);
        }
    }

    /** The next text message. */
    public String nextText(Duration timeout) {
        Frame frame = nextMessage(timeout);
        if (frame.opcode() != TEXT) {
            throw new AssertionError("expected a text frame, got opcode " + frame.opcode());
        }
        return frame.text();
    }

    /** The next text message that is not an Engine.IO ping; pings are answered with {@code 3}. */
    public String nextTextAnsweringPings(Duration timeout) {
        // one deadline for the whole wait: the server's pings must not keep it going for ever
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no message but pings within " + timeout.toMillis() + " ms");
            }
            String text = nextText(Duration.ofNanos(left));
            if (!text.equals("2")) {
                return text;
            }
            sendText("3");
        }
    }

    /**
     * Reads until {@code stop} returns true for a text message (Engine.IO pings answered with
     * {@code 3} and not shown to it). For a reader thread of a fast client.
     */
    public void readTextsUntil(Duration idleTimeout, java.util.function.Predicate<String> stop) {
        while (true) {
            String text = nextText(idleTimeout);
            if (text.equals("2")) {
                sendText("3");
            } else if (stop.test(text)) {
                return;
            }
        }
    }

    /** Reads every text message to {@code sink} until the connection closes (for draining). */
    public void drainTexts(Duration idleTimeout, Consumer<String> sink) {
        try {
            readTextsUntil(idleTimeout, text -> {
                sink.accept(text);
                return false;
            });
        } catch (ClosedException closed) {
            // done
        }
    }

    private Frame readFrame() throws IOException {
        ByteArrayOutputStream message = null;
        int messageOpcode = 0;
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] mask = null;
            if ((b1 & 0x80) != 0) {
                mask = new byte[4];
                in.readFully(mask);
            }
            if (length > 64L * 1024 * 1024) {
                throw new AssertionError("frame of " + length + " bytes");
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            if (opcode >= 8) {
                return new Frame(opcode, payload); // control frames are never fragmented
            }
            if (opcode != 0) {
                messageOpcode = opcode;
                message = new ByteArrayOutputStream();
            }
            if (message == null) {
                throw new AssertionError("continuation frame without a first frame");
            }
            message.writeBytes(payload);
            if (fin) {
                return new Frame(messageOpcode, message.toByteArray());
            }
        }
    }

    /**
     * Reads (and discards) until the server closes: close frame, end of stream or reset. True when
     * that happened within {@code timeout}.
     */
    public boolean awaitClosedByServer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    Frame frame = nextMessageRaw(Duration.ofNanos(left));
                    if (frame.opcode() == CLOSE) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
        } catch (EOFException | SocketException closed) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            connection.setReadTimeout(RawConnection.READ_TIMEOUT);
        }
    }

    private Frame nextMessageRaw(Duration timeout) throws IOException {
        connection.setReadTimeout(timeout);
        Frame frame = readFrame();
        if (frame.opcode() == PING && autoPong) {
            connection.tryWrite(frame(PONG, frame.payload()));
        }
        return frame;
    }

    /** Connects the main namespace ({@code 40}) and returns the Socket.IO socket id of the answer. */
    public String connectNamespace(Duration timeout) {
        sendText("40");
        String answer = nextTextAnsweringPings(timeout);
        if (!answer.startsWith("40{")) {
            throw new AssertionError("expected a CONNECT answer, got " + answer);
        }
        int start = answer.indexOf("\"sid\":\"") + 7;
        return answer.substring(start, answer.indexOf('"', start));
    }

    @Override
    public void close() {
        connection.close();
    }
}
