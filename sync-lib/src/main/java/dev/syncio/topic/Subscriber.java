package dev.syncio.topic;

import dev.syncio.Principal;
import java.util.List;

/** What topic subscriptions need of one socket: who it is and its room membership. Internal. */
public interface Subscriber {

    /** The verified user of the socket. */
    Principal principal();

    /** Whether the socket is in the room. */
    boolean inRoom(String room);

    /** Puts the socket in the room; false when the socket is already closed. */
    boolean join(String room);

    /** Takes the socket out of the room; a no-op when it was not in it. */
    void leave(String room);

    /** The topics the socket is subscribed to. */
    List<String> topics();
}
