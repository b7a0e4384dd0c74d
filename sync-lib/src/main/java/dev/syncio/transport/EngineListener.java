package dev.syncio.transport;

/**
 * What the transport layer tells the layer above it. Implemented by the Socket.IO layer (and by
 * the raw Engine.IO echo). Internal: not part of syncio's API.
 */
public interface EngineListener {

    /**
     * A new Engine.IO session was opened. Called on a Netty event loop; must not block.
     *
     * @return the sink that receives the session's messages
     */
    MessageSink onOpen(EngineSession session);

    /** Receives the Engine.IO messages of one session, in order, on a Netty event loop. */
    interface MessageSink {

        /** A text message (the Engine.IO {@code 4} already stripped). */
        void onText(String text);

        /** A binary message. */
        void onBinary(byte[] data);

        /** The session is gone; called once. */
        void onClose(String reason);
    }
}
