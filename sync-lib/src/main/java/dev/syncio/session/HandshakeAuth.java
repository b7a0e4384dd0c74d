package dev.syncio.session;

import java.util.Collections;
import java.util.Map;

/**
 * The CONNECT auth payload as a socket keeps it for its whole life: read-only, and in the smallest
 * map that holds it. Nearly every client sends nothing or only its token, so an empty or
 * single-entry immutable map replaces the parser's LinkedHashMap (and its 16-slot table); a
 * payload of more entries keeps its order in a read-only view.
 */
final class HandshakeAuth {

    private HandshakeAuth() {
    }

    static Map<String, Object> kept(Map<String, Object> auth) {
        if (auth.isEmpty()) {
            return Map.of();
        }
        if (auth.size() == 1) {
            Map.Entry<String, Object> only = auth.entrySet().iterator().next();
            if (only.getKey() != null && only.getValue() != null) { // Map.of takes no null (a JSON null)
                return Map.of(only.getKey(), only.getValue());
            }
        }
        return Collections.unmodifiableMap(auth);
    }
}
