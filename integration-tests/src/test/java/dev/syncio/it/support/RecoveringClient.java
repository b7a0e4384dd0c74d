package dev.syncio.it.support;

import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.parser.Packet;
import io.socket.parser.Parser;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Connection state recovery for the Java client (io.socket:socket.io-client 2.x), which has none
 * of its own (socket.io-client-java issue #763). Copy this class into your application: it needs
 * nothing but the client. See docs/delivery.md.
 *
 * <p>It does what socket.io-client for JavaScript (4.6 and later) does by itself: it keeps the
 * {@code pid} of the CONNECT reply and the offset that ends every retained event, and puts both
 * into the {@code auth} the socket sends with its next CONNECT. The socket reads its options'
 * {@code auth} map again at each CONNECT, so this class owns that map and keeps it current.
 *
 * <pre>{@code
 * IO.Options options = IO.Options.builder().setAuth(Map.of("token", token)).build();
 * RecoveringClient recovery = new RecoveringClient(options);
 * Socket socket = recovery.socket(URI.create("https://chat.example.com"));
 * socket.on(Socket.EVENT_CONNECT, args -> {
 *     if (!recovery.recovered()) {
 *         refetch(); // a fresh session: whatever happened while away is not coming
 *     }
 * });
 * socket.connect();
 * }</pre>
 *
 * Event listeners get the offset as their last argument, after the payload.
 */
public final class RecoveringClient {

    private final IO.Options options;
    /** What the socket sends with each CONNECT: the caller's entries, then {@code pid} and {@code offset}. */
    private final Map<String, String> auth;
    private volatile boolean recovered;

    /** Takes over {@code options.auth} (copied into a map of its own); build the socket with {@link #socket}. */
    public RecoveringClient(IO.Options options) {
        this.options = options;
        this.auth = new ConcurrentHashMap<>(options.auth == null ? Map.of() : options.auth);
        options.auth = auth;
    }

    /**
     * The socket for {@code uri} (its path names the namespace), not connected yet. The packet
     * listener goes on its Manager before the socket's own, so {@link #recovered()} is up to
     * date when {@link Socket#EVENT_CONNECT} fires, and the offset when an event's listeners run.
     */
    public Socket socket(URI uri) {
        Socket socket = IO.socket(uri, options);
        String path = uri.getPath();
        String namespace = path == null || path.isEmpty() ? "/" : path;
        socket.io().on(Manager.EVENT_PACKET, args -> onPacket((Packet<?>) args[0], namespace));
        return socket;
    }

    /** Whether the last CONNECT recovered the session: same socket id, rooms kept, missed events replayed. */
    public boolean recovered() {
        return recovered;
    }

    /** The offset of the last retained event received, or null. */
    public String lastOffset() {
        return auth.get("offset");
    }

    private void onPacket(Packet<?> packet, String namespace) {
        if (!namespace.equals(packet.nsp)) {
            return;
        }
        if (packet.type == Parser.CONNECT && packet.data instanceof JSONObject reply) {
            String pid = reply.optString("pid", null);
            recovered = pid != null && pid.equals(auth.get("pid"));
            if (pid == null) {
                auth.remove("pid"); // the server does not offer recovery
            } else {
                auth.put("pid", pid);
            }
            if (!recovered) {
                auth.remove("offset"); // an offset of the session that was lost
            }
        } else if ((packet.type == Parser.EVENT || packet.type == Parser.BINARY_EVENT)
                && packet.data instanceof JSONArray event && event.length() > 1
                && event.opt(event.length() - 1) instanceof String offset) {
            // element 0 is the event's name; a retained event's last argument is its offset
            auth.put("offset", offset);
        }
    }
}
