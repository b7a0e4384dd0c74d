package dev.syncio.dispatch;

import dev.syncio.EventHandler;
import dev.syncio.SyncSocket;
import dev.syncio.protocol.EncodedPacket;

/** What dispatching an event needs of the socket it came from. Internal. */
public interface EventSocket extends SyncSocket {

    /** The host's handler for {@code event} in the socket's namespace, or null. */
    EventHandler handler(String event);

    /** Writes one packet to this socket only (an ack). */
    void send(EncodedPacket packet);
}
