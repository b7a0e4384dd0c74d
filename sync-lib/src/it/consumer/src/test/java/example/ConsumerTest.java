package example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With only sync-lib on its classpath, a project runs a server that a WebSocket client connects to. */
class ConsumerTest {

    @Test
    void aClientConnectsToAServerBuiltFromSyncLibAlone() throws Exception {
        try (SyncServer server = SyncServer.builder().port(0).host("127.0.0.1").allowAnonymous().build().start()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=websocket"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                    received.add(data.toString());
                                    socket.request(1);
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            String open = received.poll(10, TimeUnit.SECONDS);
            assertTrue(open != null && open.startsWith("0{\"sid\":"), "Engine.IO OPEN expected, got " + open);
            ws.sendText("40", true);
            String connect = received.poll(10, TimeUnit.SECONDS);
            assertTrue(connect != null && connect.startsWith("40{\"sid\":"), "Socket.IO CONNECT expected, got " + connect);
            ws.abort();
        }
    }
}
