package dev.syncio.protocol;

/** Socket.IO v5 packet types (the digit after the Engine.IO {@code 4}). */
public enum SioPacketType {
    CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

    /** The type for a wire digit, or {@code null} when the character is not a packet type. */
    static SioPacketType fromWire(char c) {
        int i = c - '0';
        SioPacketType[] all = values();
        return i >= 0 && i < all.length ? all[i] : null;
    }

    char wire() {
        return (char) ('0' + ordinal());
    }

    boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }
}
