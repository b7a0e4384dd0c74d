package dev.syncio.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Netty I/O transport runs the server: native epoll on Linux (fewer system calls and less
 * garbage per read and write than Java NIO, measured in docs/performance.md), NIO elsewhere or
 * when the native library cannot load.
 */
record IoTransport(String name, IoHandlerFactory handlers, Class<? extends ServerChannel> serverChannel) {

    private static final Logger log = LoggerFactory.getLogger(IoTransport.class);

    /** Epoll when wanted and available, NIO otherwise. */
    static IoTransport choose(boolean nativeWanted) {
        if (nativeWanted) {
            if (Epoll.isAvailable()) {
                return new IoTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
            }
            log.debug("native epoll transport unavailable ({}); using NIO", Epoll.unavailabilityCause().toString());
        }
        return new IoTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
