package dev.syncio.emit;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code id} every server-to-client payload carries, so clients can drop duplicates. */
public final class EventIds {

    private EventIds() {
    }

    public static String next() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
