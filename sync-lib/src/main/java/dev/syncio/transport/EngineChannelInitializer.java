package dev.syncio.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Builds each connection's pipeline:
 * <pre>
 * [tls] http-codec [http-compressor] http-aggregator [ws-compression] http-connection error-tail
 * </pre>
 * A WebSocket handshake replaces the HTTP handlers with WebSocket ones:
 * <pre>
 * [tls] ws-encoder ws-decoder [deflate] ws-aggregator ws-connection error-tail
 * </pre>
 */
final class EngineChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** Request line and headers: the reference server (Node) allows 16 KB of headers, browsers send far less. */
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 8192;
    private static final int MAX_CHUNK_SIZE = 8192;
    /**
     * A connection whose writes back up past 64 KiB is not written to any more: further frames
     * wait in its session's bounded queue, so the bytes held per slow client stay bounded.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final EngineOptions options;
    private final RequestRouter router;
    private final ErrorTail errorTail = new ErrorTail();

    EngineChannelInitializer(EngineOptions options, RequestRouter router) {
        this.options = options;
        this.router = router;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!router.admit(ch)) {
            ch.close();
            return;
        }
        ch.config().setWriteBufferWaterMark(WATER_MARK);
        ChannelPipeline p = ch.pipeline();
        SSLContext ssl = options.sslContext();
        if (ssl != null) {
            SSLEngine engine = ssl.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setEnabledProtocols(TlsProtocols.enabled(engine.getSupportedProtocols()));
            p.addLast("tls", new SslHandler(engine));
        }
        p.addLast("httpCodec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
        if (options.pollingCompressionThreshold() >= 0) {
            // only gzip and deflate: the others need optional libraries (a WebSocket handshake removes it)
            p.addLast("httpCompressor", new HttpContentCompressor(options.pollingCompressionThreshold(),
                    StandardCompressionOptions.gzip(), StandardCompressionOptions.deflate()));
        }
        p.addLast("httpAggregator", new HttpObjectAggregator(options.maxPayload()));
        if (options.webSocketCompressionThreshold() >= 0) {
            p.addLast("wsCompression", WebSocketCompression.negotiator(options));
        }
        p.addLast("httpConnection", new HttpConnection(router, options.httpIdleTimeoutMs()));
        p.addLast(RequestRouter.ERROR_TAIL, errorTail);
    }
}
