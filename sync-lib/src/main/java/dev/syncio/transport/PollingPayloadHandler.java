package dev.syncio.transport;

import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/** Takes the body of a polling POST, which netty-socketio re-injects at the head of the pipeline. */
@Sharable
final class PollingPayloadHandler extends SimpleChannelInboundHandler<PacketsMessage> {

    private final EngineInbound inbound;

    PollingPayloadHandler(EngineInbound inbound) {
        super(false); // netty-socketio releases the request body itself
        this.inbound = inbound;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, PacketsMessage msg) {
        boolean valid = inbound.onPollingPayload(msg.getClient(), msg.getContent());
        EngineEncoder.answerPost(ctx.channel(), valid);
    }
}
