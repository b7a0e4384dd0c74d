package dev.syncio.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kernel's view of a loopback TCP connection (Linux {@code /proc/net/tcp}, {@code tcp6}): lets
 * a test see whether the <em>server's</em> end of a connection is still ESTABLISHED without the
 * client reading anything (reading would let a server that waits for a flush finish its close).
 */
public final class TcpConnections {

    private static final Path[] TABLES = {Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")};
    private static final String ESTABLISHED = "01";

    private TcpConnections() {
    }

    /** Whether the kernel table can be read here (Linux). */
    public static boolean available() {
        return Files.isReadable(TABLES[0]);
    }

    /**
     * The TCP state (as the kernel's two hex digits, {@code 01} = ESTABLISHED) of the server-side
     * socket of the connection from {@code clientPort} to {@code serverPort}, or empty when the
     * server has no socket for it any more.
     */
    public static Optional<String> serverSideState(int serverPort, int clientPort) {
        String local = String.format(Locale.ROOT, ":%04X", serverPort);
        String remote = String.format(Locale.ROOT, ":%04X", clientPort);
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(local) && fields[2].endsWith(remote)) {
                    return Optional.of(fields[3]);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the server still holds its end of that connection open (ESTABLISHED). */
    public static boolean serverSideEstablished(int serverPort, int clientPort) {
        return serverSideState(serverPort, clientPort).map(ESTABLISHED::equals).orElse(false);
    }
}
