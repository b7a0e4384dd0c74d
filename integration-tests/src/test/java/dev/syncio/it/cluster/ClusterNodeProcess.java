package dev.syncio.it.cluster;

import dev.syncio.it.support.ChatServer;
import java.io.IOException;
import java.time.Duration;

/**
 * One cluster node in its own JVM, for the tests that kill a node with SIGKILL: a
 * {@link ChatServer} on a free port joined to the cluster. Prints {@code PORT <port>} once it
 * listens, then serves until its standard input ends.
 *
 * <p>Arguments: redis URL, key prefix, node timeout in milliseconds.
 */
public final class ClusterNodeProcess {

    private ClusterNodeProcess() {
    }

    public static void main(String[] args) throws IOException {
        ChatServer node = ChatServer.start(b -> b.redis(args[0]).clusterPrefix(args[1])
                .nodeTimeout(Duration.ofMillis(Long.parseLong(args[2])))
                .typingTimeout(Duration.ofSeconds(60)));
        System.out.println("PORT " + node.server().port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the test closes our stdin (or kills us)
        }
        node.close();
    }
}
