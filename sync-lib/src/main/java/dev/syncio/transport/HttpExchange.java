package dev.syncio.transport;

import io.netty.channel.Channel;

/**
 * One HTTP request waiting for its answer, with what the answer must say: whether the connection
 * stays open after it, and the allow-listed origin to name in the CORS headers.
 *
 * @param channel    the request's connection
 * @param keepAlive  whether the connection may serve another request after this answer
 * @param corsOrigin the request's allow-listed {@code Origin}, or null
 */
record HttpExchange(Channel channel, boolean keepAlive, String corsOrigin) {

    HttpExchange withOrigin(String origin) {
        return new HttpExchange(channel, keepAlive, origin);
    }

    /** The same exchange, answered with {@code Connection: close}. */
    HttpExchange closing() {
        return new HttpExchange(channel, false, corsOrigin);
    }
}
