package dev.syncio.transport;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

/**
 * {@code permessage-deflate} for WebSocket, opt-in: negotiated at the handshake when the client
 * offers it; messages under the threshold go uncompressed (deflating a ping costs more than it
 * saves), and a compressed message from the client may not inflate past {@code maxPayload}.
 */
final class WebSocketCompression {

    private static final int LEVEL = 6;
    private static final int WINDOW_BITS = 15;

    private WebSocketCompression() {
    }

    /** The handler that negotiates the extension on the handshake and installs it on the 101. */
    static ChannelHandler negotiator(EngineOptions options) {
        int threshold = options.webSocketCompressionThreshold();
        WebSocketExtensionFilter smallFrames = frame -> small(frame, threshold);
        WebSocketExtensionFilterProvider filters = new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return smallFrames;
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
        return new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(LEVEL, false,
                WINDOW_BITS, false, false, filters, options.maxPayload()));
    }

    private static boolean small(WebSocketFrame frame, int threshold) {
        return frame.content().readableBytes() < threshold;
    }
}
