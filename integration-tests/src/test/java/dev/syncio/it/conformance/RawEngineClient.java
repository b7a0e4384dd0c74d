package dev.syncio.it.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A wire-level Engine.IO v4 client for the conformance tests, built only on the JDK's
 * {@link HttpClient} and {@link WebSocket}: it speaks raw HTTP long-polling and raw WebSocket
 * frames so that the tests see exactly the bytes the server sends.
 *
 * <p>One instance talks to one endpoint ({@code /socket.io/} or the raw Engine.IO echo at
 * {@code /engine.io/}) of a server on {@code 127.0.0.1}.
 */
final class RawEngineClient implements AutoCloseable {

    /** The Socket.IO endpoint. */
    static final String SOCKET_IO = "/socket.io/";
    /** The raw Engine.IO echo endpoint of {@code ConformanceServer}. */
    static final String ENGINE_IO = "/engine.io/";
    /** The Engine.IO record separator between packets of a polling payload. */
    static final String SEPARATOR = "\u001e";
    /** How long any single wait of a test may take; the server answers in milliseconds. */
    static final Duration WAIT = Duration.ofSeconds(3);

    static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final String path;
    private final HttpClient http;
    private final List<Ws> sockets = new ArrayList<>();

    /**
     * A client for {@code path} of the server on {@code port}. Every HTTP request goes on a new
     * connection; connection reuse has tests of its own ({@link #keepAliveConnection()}).
     */
    RawEngineClient(int port, String path) {
        this.port = port;
        this.path = path;
        this.http = newHttpClient();
    }

    private static HttpClient newHttpClient() {
        // HTTP/1.1 only: no h2c upgrade attempt; concurrent requests each get their own connection
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(WAIT)
                .build();
    }

    String path() {
        return path;
    }

    int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port><path>?<query>} */
    URI httpUri(String query) {
        return URI.create("http://127.0.0.1:" + port + path + (query.isEmpty() ? "" : "?" + query));
    }

    /** {@code ws://127.0.0.1:<port><path>?<query>} */
    URI wsUri(String query) {
        return URI.create("ws://127.0.0.1:" + port + path + (query.isEmpty() ? "" : "?" + query));
    }

    static String pollingQuery(String sid) {
        return "EIO=4&transport=polling&sid=" + sid;
    }

    // ---------------------------------------------------------------- HTTP

    /** Sends one request and waits for the whole response. */
    HttpResponse<String> request(String method, String query, String body, Map<String, String> headers) {
        try {
            return requestAsync(method, query, body, headers).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new AssertionError(method + " " + query + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to " + method + " " + query + " within " + WAIT);
        }
    }

    CompletableFuture<HttpResponse<String>> requestAsync(String method, String query, String body,
                                                         Map<String, String> headers) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(httpUri(query))
                .timeout(WAIT)
                .method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", "text/plain;charset=UTF-8");
        }
        headers.forEach(builder::header);
        // A client of its own has an empty connection pool, so the request goes on a new
        // connection: the JDK client's pooling would otherwise decide which connection a request
        // shares, and the server treats the connection that carried the last poll specially.
        return newHttpClient().sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String query) {
        return request("GET", query, null, Map.of());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String query) {
        return requestAsync("GET", query, null, Map.of());
    }

    HttpResponse<String> post(String query, String body) {
        return request("POST", query, body, Map.of());
    }

    /** One long-polling GET of session {@code sid}. */
    HttpResponse<String> poll(String sid) {
        return get(pollingQuery(sid));
    }

    CompletableFuture<HttpResponse<String>> pollAsync(String sid) {
        return getAsync(pollingQuery(sid));
    }

    /** One long-polling POST of session {@code sid}. */
    HttpResponse<String> push(String sid, String payload) {
        return post(pollingQuery(sid), payload);
    }

    /** Opens a polling session and returns its OPEN packet's JSON. */
    JsonNode openPolling() {
        HttpResponse<String> response = get("EIO=4&transport=polling");
        assertEquals(200, response.statusCode(), () -> "handshake refused: " + response.body());
        return openPacket(response.body());
    }

    /** Opens a polling session and returns its id. */
    String handshake() {
        return openPolling().get("sid").asText();
    }

    /** A response read off a plain socket: status and body. */
    record RawResponse(int statusCode, String body) {
    }

    /**
     * Starts a long poll that is pending on the server when this method returns.
     *
     * <p>Nothing on the wire tells a client that its poll has reached the server, and the JDK
     * client sends asynchronously (a new connection of a new client can lose a race against a
     * later request). So the GET is written synchronously on a plain socket, and then a complete
     * request/response on another connection (a throwaway handshake, which simply times out)
     * lets the server work through it: the poll's bytes were in the server's socket buffer before
     * that second connection was even opened.
     */
    CompletableFuture<RawResponse> pendingPoll(String sid) {
        return pendingPollOf(pollingQuery(sid));
    }

    private CompletableFuture<RawResponse> pendingPollOf(String query) {
        java.net.Socket socket = new java.net.Socket();
        try {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            String request = "GET " + path + "?" + query + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
        CompletableFuture<RawResponse> response = CompletableFuture.supplyAsync(() -> {
            try (socket) {
                return parseResponse(socket.getInputStream().readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(200, get("EIO=4&transport=polling").statusCode());
        return response;
    }

    /** A kept-alive HTTP/1.1 connection of its own, for tests about connection reuse. */
    KeepAliveConnection keepAliveConnection() {
        return new KeepAliveConnection();
    }

    /**
     * One plain socket carrying one request after another, each answered by exactly one response
     * read by its Content-Length. Unlike the JDK client it never hides what the server sent.
     */
    final class KeepAliveConnection implements AutoCloseable {

        private final java.net.Socket socket = new java.net.Socket();
        private final java.io.InputStream in;

        private KeepAliveConnection() {
            try {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
                socket.setSoTimeout((int) WAIT.toMillis());
                in = new java.io.BufferedInputStream(socket.getInputStream());
            } catch (IOException e) {
                closeQuietly(socket);
                throw new UncheckedIOException(e);
            }
        }

        RawResponse exchange(String method, String query, String body) {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + "?" + query + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + (body == null ? "" : "Content-Type: text/plain;charset=UTF-8\r\n")
                    + "Content-Length: " + content.length + "\r\n\r\n";
            try {
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(content);
                socket.getOutputStream().flush();
                return readResponse();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private RawResponse readResponse() throws IOException {
            String statusLine = readLine();
            int length = 0;
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new RawResponse(Integer.parseInt(statusLine.substring(9, 12)), new String(body, StandardCharsets.UTF_8));
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }

    private static RawResponse parseResponse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headerEnd < 0) {
            throw new AssertionError("not an HTTP response: " + text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String body = text.substring(headerEnd + 4);
        return new RawResponse(status, body);
    }

    private static void closeQuietly(java.net.Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Parses an Engine.IO OPEN packet ({@code 0{...}}). */
    static JsonNode openPacket(String packet) {
        assertTrue(packet.startsWith("0"), () -> "not an OPEN packet: " + packet);
        return json(packet.substring(1));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Asserts an HTTP error with the Engine.IO JSON body {@code {"code":<code>,"message":...}}. */
    static void assertEngineError(HttpResponse<String> response, int status, int code) {
        assertEquals(status, response.statusCode(), () -> "body: " + response.body());
        JsonNode body = json(response.body());
        assertEquals(code, body.path("code").asInt(-1), () -> "body: " + response.body());
        assertTrue(body.path("message").isTextual(), () -> "body: " + response.body());
    }

    /**
     * Polls session {@code sid} until {@code count} packets other than pings have arrived,
     * answering every ping with a pong so that the session stays alive. Returns those packets in
     * order (binary ones as {@code b<base64>}, as they travel).
     */
    List<String> pollPackets(String sid, int count) {
        List<String> packets = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (packets.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("only " + packets + " arrived by polling, expected " + count + " packets");
            }
            HttpResponse<String> response = poll(sid);
            assertEquals(200, response.statusCode(), () -> "poll failed: " + response.body());
            for (String packet : response.body().split(SEPARATOR, -1)) {
                if (packet.equals("2")) {
                    assertEquals(200, push(sid, "3").statusCode());
                } else {
                    packets.add(packet);
                }
            }
        }
        return packets;
    }

    // ---------------------------------------------------------------- WebSocket

    /** Opens a WebSocket; fails the test when the handshake is refused. */
    Ws openWebSocket(String query) {
        return openWebSocket(query, Map.of());
    }

    Ws openWebSocket(String query, Map<String, String> headers) {
        Ws ws = new Ws();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        try {
            ws.socket = builder.buildAsync(wsUri(query), ws).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("WebSocket " + query + " could not open", e);
        }
        synchronized (sockets) {
            sockets.add(ws);
        }
        return ws;
    }

    /** Opens a new WebSocket session and consumes its OPEN packet. */
    Ws openWebSocketSession() {
        Ws ws = openWebSocket("EIO=4&transport=websocket");
        openPacket(ws.nextText());
        return ws;
    }

    /** Tries to open a WebSocket that the server must refuse; returns the HTTP status it answered. */
    int refusedWebSocketStatus(String query, Map<String, String> headers) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        Ws ws = new Ws();
        try {
            WebSocket socket = builder.buildAsync(wsUri(query), ws).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            socket.abort();
            throw new AssertionError("WebSocket " + query + " was accepted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to WebSocket " + query + " within " + WAIT);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, cause);
            return refused.getResponse().statusCode();
        }
    }

    @Override
    public void close() {
        synchronized (sockets) {
            sockets.forEach(Ws::close);
            sockets.clear();
        }
    }

    /**
     * One raw WebSocket. Every text message (as a String) and binary message (as a byte[]) lands
     * in a queue in arrival order; {@link #next(Duration)} takes the next one. With
     * {@link #autoPong(boolean)} on, Engine.IO pings ({@code 2}) are answered with {@code 3} and
     * kept out of the queue.
     */
    static final class Ws implements WebSocket.Listener, AutoCloseable {

        private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        /** Serialises sends: the JDK WebSocket refuses a send while the previous one is under way. */
        private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "raw-ws-sender");
            thread.setDaemon(true);
            return thread;
        });
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private volatile boolean autoPong;
        private volatile Throwable error;
        private volatile Throwable probeFailure;
        volatile WebSocket socket;

        /** Whether Engine.IO pings are answered (and hidden from {@link #next}). */
        Ws autoPong(boolean on) {
            this.autoPong = on;
            return this;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            this.socket = webSocket;
            webSocket.request(Long.MAX_VALUE); // every message goes to the (unbounded) queue
        }

        @Override
        public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                if (autoPong && message.equals("2")) {
                    sendAsync("3");
                } else {
                    messages.add(message);
                }
            }
            return null;
        }

        @Override
        public CompletableFuture<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            return null;
        }

        @Override
        public CompletableFuture<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.countDown();
            return null; // the JDK answers the close frame
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            this.error = error;
            closed.countDown();
        }

        /** The next text or binary message. */
        Object next(Duration timeout) {
            try {
                Object message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (message == null) {
                    fail("no WebSocket message within " + timeout + (isClosed() ? " (closed: " + error() + ")" : ""));
                }
                return message;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        String nextText() {
            Object message = next(WAIT);
            if (message instanceof byte[] bytes) {
                fail("expected a text message, got binary " + Arrays.toString(bytes));
            }
            return (String) message;
        }

        byte[] nextBinary() {
            Object message = next(WAIT);
            if (message instanceof String s) {
                fail("expected a binary message, got text " + s);
            }
            return (byte[]) message;
        }

        /** The next message that is not an Engine.IO ping (pings are answered). */
        String nextTextIgnoringPings() {
            while (true) {
                String message = nextText();
                if (!message.equals("2")) {
                    return message;
                }
                send("3");
            }
        }

        /** Sends a text message and waits until it is written. */
        void send(String message) {
            join(sendAsync(message));
        }

        /** Sends a binary message and waits until it is written. */
        void send(byte[] data) {
            join(sender.submit(() -> socket.sendBinary(ByteBuffer.wrap(data), true).join()));
        }

        private java.util.concurrent.Future<?> sendAsync(String message) {
            return sender.submit(() -> socket.sendText(message, true).join());
        }

        private static void join(java.util.concurrent.Future<?> future) {
            try {
                future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("send failed", e);
            }
        }

        /**
         * Waits until the server closed the connection, by a close frame or by closing TCP.
         *
         * <p>The JDK 17 client reliably reports a close frame, but sometimes misses a TCP close
         * that directly follows a text frame (the socket stays in CLOSE-WAIT, no callback). So while
         * waiting, a WebSocket ping (a control frame, invisible to Engine.IO) is sent every 100 ms:
         * on a live connection the server answers it with a pong; on a closed one the send fails,
         * which counts as closed.
         */
        boolean awaitClose(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (closed.await(Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100), TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                    if (System.nanoTime() >= deadline) {
                        return false;
                    }
                    if (!probe()) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /** Sends a WebSocket ping; false when the connection turned out to be closed. */
        private boolean probe() throws InterruptedException {
            try {
                sender.submit(() -> socket.sendPing(ByteBuffer.allocate(0)).join()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException e) {
                probeFailure = e.getCause();
                closed.countDown();
                return false;
            } catch (TimeoutException e) {
                return true;
            }
        }

        void assertClosedByServer() {
            assertTrue(awaitClose(WAIT), () -> "the server did not close the WebSocket; received " + messages);
        }

        boolean isClosed() {
            return closed.getCount() == 0;
        }

        /** What {@link WebSocket.Listener#onError} reported, or a failed liveness probe. */
        Throwable error() {
            return error != null ? error : probeFailure;
        }

        /** Messages received and not yet taken. */
        List<Object> pending() {
            return new ArrayList<>(messages);
        }

        @Override
        public void close() {
            WebSocket s = socket;
            if (s != null) {
                s.abort();
            }
            sender.shutdownNow();
        }
    }
}
