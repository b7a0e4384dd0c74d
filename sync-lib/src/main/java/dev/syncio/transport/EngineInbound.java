package dev.syncio.transport;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import com.corundumstudio.socketio.scheduler.SchedulerKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.CharsetUtil;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Engine.IO packets from both transports and acts on them: heartbeats, upgrade probe and
 * completion, client close, and messages (handed to the session's sink). Anything that is not a
 * valid Engine.IO v4 packet closes the session, as the reference server does. Replaces
 * netty-socketio's {@code InPacketHandler}/{@code PacketListener}, which mask unknown packet types
 * and cannot tell a WebSocket binary frame from a text one.
 */
final class EngineInbound {

    private static final Logger log = LoggerFactory.getLogger(EngineInbound.class);
    private static final char RECORD_SEPARATOR = '\u001e';

    private final Sessions sessions;
    private final CancelableScheduler scheduler;

    EngineInbound(Sessions sessions, CancelableScheduler scheduler) {
        this.sessions = sessions;
        this.scheduler = scheduler;
    }

    /**
     * A polling POST body: text packets separated by {@code \x1e}, binary ones as {@code b<base64>}.
     *
     * @return false when the payload was invalid (the session is then closed)
     */
    boolean onPollingPayload(ClientHead head, ByteBuf content) {
        EngineSession session = sessions.get(head.getSessionId());
        if (session == null || session.isClosed()) {
            return false;
        }
        String payload = content.toString(CharsetUtil.UTF_8);
        synchronized (session) {
            int start = 0;
            while (start <= payload.length() && !session.isClosed()) {
                int end = payload.indexOf(RECORD_SEPARATOR, start);
                if (end < 0) {
                    end = payload.length();
                }
                String packet = payload.substring(start, end);
                if (packet.startsWith("b")) {
                    byte[] data;
                    try {
                        // MIME decoding skips line breaks: the Java client wraps base64 at 76 characters
                        data = Base64.getMimeDecoder().decode(packet.substring(1));
                    } catch (IllegalArgumentException e) {
                        invalid(session, "bad base64 in binary packet");
                        return false;
                    }
                    deliverBinary(session, data);
                } else if (!onTextPacket(session, packet, Transport.POLLING)) {
                    return false;
                }
                start = end + 1;
            }
            return true;
        }
    }

    /** One WebSocket frame: a text frame holds one packet, a binary frame one binary message. */
    void onWebSocketFrame(ClientHead head, ByteBuf content, boolean binary) {
        EngineSession session = sessions.get(head.getSessionId());
        if (session == null || session.isClosed()) {
            return;
        }
        synchronized (session) {
            if (binary) {
                deliverBinary(session, ByteBufUtil.getBytes(content));
            } else {
                onTextPacket(session, content.toString(CharsetUtil.UTF_8), Transport.WEBSOCKET);
            }
        }
    }

    /** Handles one text packet; returns false when it was not a valid Engine.IO packet. */
    private boolean onTextPacket(EngineSession session, String packet, Transport transport) {
        if (packet.isEmpty()) {
            invalid(session, "empty packet");
            return false;
        }
        ClientHead head = session.head();
        String data = packet.substring(1);
        switch (packet.charAt(0)) {
            case '1' -> session.closeByClient();
            case '2' -> {
                if ("probe".equals(data) && transport == Transport.WEBSOCKET) {
                    Packet pong = new Packet(PacketType.PONG, head.getEngineIOVersion());
                    pong.setData("probe");
                    head.send(pong, Transport.WEBSOCKET);
                    // ends the pending poll so the client can pause polling and finish the upgrade
                    head.send(new Packet(PacketType.NOOP, head.getEngineIOVersion()), Transport.POLLING);
                } else {
                    invalid(session, "unexpected ping from client");
                    return false;
                }
            }
            case '3' -> head.schedulePingTimeout();
            case '4' -> {
                head.schedulePingTimeout();
                session.sink().onText(data);
            }
            case '5' -> {
                if (transport != Transport.WEBSOCKET || head.getCurrentTransport() == Transport.WEBSOCKET) {
                    invalid(session, "upgrade packet out of place");
                    return false;
                }
                scheduler.cancel(new SchedulerKey(SchedulerKey.Type.UPGRADE_TIMEOUT, head.getSessionId()));
                head.upgradeCurrentTransport(Transport.WEBSOCKET);
                session.flushWebSocket(); // packets queued on polling during the switch
                session.endStalePoll();
                head.schedulePingTimeout();
            }
            case '6' -> {
                // noop
            }
            default -> {
                invalid(session, "unknown packet type");
                return false;
            }
        }
        return true;
    }

    private void deliverBinary(EngineSession session, byte[] data) {
        session.head().schedulePingTimeout();
        session.sink().onBinary(data);
    }

    private static void invalid(EngineSession session, String why) {
        log.debug("closing session {}: {}", session.id(), why);
        session.close("parse error");
    }
}
