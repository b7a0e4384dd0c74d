package dev.syncio.conversation;

import dev.syncio.Principal;

/** What conversations need of one socket: who it is and its room membership. Internal. */
public interface RoomMember {

    /** The socket id. */
    String id();

    /** The namespace the socket belongs to. */
    String namespace();

    /** The verified user of the socket. */
    Principal principal();

    /** Whether the socket is in the room. */
    boolean inRoom(String room);

    /** Puts the socket in the room; false when the socket is already closed. */
    boolean join(String room);

    /** Takes the socket out of the room; a no-op when it was not in it. */
    void leave(String room);

    /** How many conversation rooms the socket is in. */
    int conversationCount();

    /** The conversations the socket is in. */
    java.util.List<String> conversations();
}
