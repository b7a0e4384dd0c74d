package dev.syncio.it.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Socket.IO DISCONNECT from namespaces ("disconnect" section of the Socket.IO suite). */
class SocketIoDisconnectTest extends ConformanceTestBase {

    /** An Engine.IO WebSocket connected to the main namespace, its auth packet taken. */
    static RawEngineClient.Ws connectedSocket(RawEngineClient client) {
        RawEngineClient.Ws ws = client.openWebSocketSession();
        ws.send("40");
        SocketIoConnectTest.assertConnected(ws.nextTextIgnoringPings(), "40");
        assertEquals("42[\"auth\",{}]", ws.nextTextIgnoringPings());
        return ws;
    }

    @Test
    void keepsTheEngineIoConnectionAfterADisconnectFromTheMainNamespace() {
        RawEngineClient.Ws ws = connectedSocket(socketIo());
        ws.send("41");
        // nothing answers the DISCONNECT; the next thing on the wire is the heartbeat
        assertEquals("2", ws.nextText());
        ws.send("3");
        // still the same, working Engine.IO connection
        ws.autoPong(true).send("40");
        SocketIoConnectTest.assertConnected(ws.nextText(), "40");
    }

    @Test
    void canReconnectToTheMainNamespaceAfterDisconnecting() {
        RawEngineClient.Ws ws = connectedSocket(socketIo()).autoPong(true);
        ws.send("41");
        ws.send("40");
        SocketIoConnectTest.assertConnected(ws.nextText(), "40");
        assertEquals("42[\"auth\",{}]", ws.nextText());
    }

    @Test
    void connectsThenDisconnectsFromACustomNamespaceAndKeepsTheMainOne() {
        RawEngineClient.Ws ws = connectedSocket(socketIo()).autoPong(true);
        ws.send("40/custom");
        SocketIoConnectTest.assertConnected(ws.nextText(), "40/custom,");
        assertEquals("42/custom,[\"auth\",{}]", ws.nextText());
        ws.send("41/custom");
        ws.send("42[\"message\",\"message to main namespace\"]");
        assertEquals("42[\"message-back\",\"message to main namespace\"]", ws.nextText());
    }
}
