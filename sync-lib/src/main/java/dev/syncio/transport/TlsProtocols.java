package dev.syncio.transport;

import java.util.Arrays;
import java.util.List;

/** TLS 1.3 and 1.2 only: netty-socketio's default context is "TLSv1". */
final class TlsProtocols {

    private static final List<String> MODERN = List.of("TLSv1.3", "TLSv1.2");

    private TlsProtocols() {
    }

    static String[] enabled(String[] supported) {
        List<String> available = Arrays.asList(supported);
        String[] enabled = MODERN.stream().filter(available::contains).toArray(String[]::new);
        if (enabled.length == 0) {
            throw new IllegalStateException("this JVM supports neither TLSv1.3 nor TLSv1.2: " + available);
        }
        return enabled;
    }
}
