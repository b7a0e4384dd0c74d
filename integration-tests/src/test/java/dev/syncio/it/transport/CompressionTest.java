package dev.syncio.it.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.EchoServer;
import dev.syncio.it.support.NodeRunner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/**
 * Compression as the reference server offers it: polling answers gzip- or deflate-encoded from
 * 1 kB on (by default), WebSocket {@code permessage-deflate} when turned on.
 */
class CompressionTest {

    private static final String ECHO = "/engine.io/";
    private static final String BIG = "4" + "syncio ".repeat(1000); // 7 kB, over the 1 kB threshold

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static SyncServer echoServer(int pollingCompression) {
        return SyncServer.builder().port(0).host("127.0.0.1").allowAnonymous().engineIoEcho(ECHO)
                .pollingCompression(pollingCompression).build().start();
    }

    private HttpResponse<byte[]> send(SyncServer server, String method, String query, String body, String encoding)
            throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + ECHO + "?EIO=4&transport=polling" + query))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (encoding != null) {
            req.header("Accept-Encoding", encoding);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Opens a session on the echo endpoint and has it echo {@code message}; returns the session id. */
    private String echoed(SyncServer server, String message) throws Exception {
        String open = new String(send(server, "GET", "", null, null).body(), StandardCharsets.UTF_8);
        String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\"", open.indexOf("\"sid\":\"") + 7));
        assertEquals("ok", new String(send(server, "POST", "&sid=" + sid, message, null).body(), StandardCharsets.UTF_8));
        return sid;
    }

    private static String decode(HttpResponse<byte[]> response) throws IOException {
        Optional<String> encoding = response.headers().firstValue("Content-Encoding");
        InputStream in = new ByteArrayInputStream(response.body());
        if (encoding.isPresent()) {
            in = encoding.get().equals("gzip") ? new GZIPInputStream(in) : new InflaterInputStream(in);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void gzipsAPollingAnswerOverTheThresholdForAClientThatAcceptsIt() throws Exception {
        try (SyncServer server = echoServer(1024)) {
            String sid = echoed(server, BIG);
            HttpResponse<byte[]> poll = send(server, "GET", "&sid=" + sid, null, "gzip, deflate");
            assertEquals(Optional.of("gzip"), poll.headers().firstValue("Content-Encoding"));
            assertTrue(poll.body().length < BIG.length() / 10, "gzip should shrink a repetitive payload tenfold, got "
                    + poll.body().length + " bytes");
            assertEquals(BIG, decode(poll));
        }
    }

    @Test
    void deflatesForAClientThatOnlyAcceptsDeflate() throws Exception {
        try (SyncServer server = echoServer(1024)) {
            String sid = echoed(server, BIG);
            HttpResponse<byte[]> poll = send(server, "GET", "&sid=" + sid, null, "deflate");
            assertEquals(Optional.of("deflate"), poll.headers().firstValue("Content-Encoding"));
            assertEquals(BIG, decode(poll));
        }
    }

    @Test
    void leavesSmallAnswersAndClientsWithoutAcceptEncodingUncompressed() throws Exception {
        try (SyncServer server = echoServer(1024)) {
            String sid = echoed(server, "4small");
            HttpResponse<byte[]> small = send(server, "GET", "&sid=" + sid, null, "gzip");
            assertEquals(Optional.empty(), small.headers().firstValue("Content-Encoding"));
            assertEquals("4small", decode(small));

            String other = echoed(server, BIG);
            HttpResponse<byte[]> plain = send(server, "GET", "&sid=" + other, null, null);
            assertEquals(Optional.empty(), plain.headers().firstValue("Content-Encoding"));
            assertEquals(BIG, decode(plain));
        }
    }

    @Test
    void pollingCompressionCanBeTurnedOff() throws Exception {
        try (SyncServer server = echoServer(-1)) {
            String sid = echoed(server, BIG);
            HttpResponse<byte[]> poll = send(server, "GET", "&sid=" + sid, null, "gzip");
            assertEquals(Optional.empty(), poll.headers().firstValue("Content-Encoding"));
            assertEquals(BIG, decode(poll));
        }
    }

    @Test
    void theJavaScriptClientNegotiatesPerMessageDeflateWhenItIsOn() {
        try (EchoServer server = EchoServer.start(0, b -> b.webSocketCompression(0))) {
            NodeRunner.assertPasses("test/compression.test.mjs", Map.of("SYNC_URL", server.url()));
        }
    }

    @Test
    void theJavaClientStillConnectsOverACompressingServer() throws Exception {
        try (EchoServer server = EchoServer.start(0, b -> b.webSocketCompression(0));
             dev.syncio.it.support.JavaClients clients = new dev.syncio.it.support.JavaClients()) {
            io.socket.client.Socket socket = clients.connect(server.url(), "websocket");
            java.util.concurrent.CompletableFuture<Object[]> acked = new java.util.concurrent.CompletableFuture<>();
            socket.emit("echo", new Object[] {"syncio ".repeat(2000)}, acked::complete);
            assertEquals("syncio ".repeat(2000), acked.get(10, java.util.concurrent.TimeUnit.SECONDS)[0]);
        }
    }
}
