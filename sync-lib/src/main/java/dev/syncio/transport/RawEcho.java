package dev.syncio.transport;

/** The raw Engine.IO endpoint (for the official Engine.IO suite): every message goes straight back. */
record RawEcho(EngineSession session) implements EngineListener.MessageSink {

    @Override
    public void onText(String text) {
        session.sendText(text);
    }

    @Override
    public void onBinary(byte[] data) {
        session.sendBinary(data);
    }

    @Override
    public void onClose(String reason) {
    }
}
