package dev.syncio.it.support;

import dev.syncio.SyncServer;

/** The settings every test server starts from: a free port on the loopback address, anonymous clients. */
public final class LocalServer {

    private LocalServer() {
    }

    /** A builder for a server on a free loopback port that accepts clients without a token. */
    public static SyncServer.Builder anonymous() {
        return SyncServer.builder().port(0).host("127.0.0.1").allowAnonymous();
    }
}
