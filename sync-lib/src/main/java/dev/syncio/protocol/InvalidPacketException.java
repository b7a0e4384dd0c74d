package dev.syncio.protocol;

/** A packet that breaks the protocol; the connection that sent it is closed. */
public final class InvalidPacketException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Says what was wrong, without echoing the packet. */
    public InvalidPacketException(String message) {
        super(message);
    }
}
