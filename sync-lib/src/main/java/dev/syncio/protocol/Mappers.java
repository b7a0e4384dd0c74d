package dev.syncio.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings of the wire contract, shared by servers and standalone emitters so that an
 * event reads the same whoever emitted it: instants as ISO-8601 text, unknown fields ignored.
 */
public final class Mappers {

    private Mappers() {
    }

    /** A new mapper with the wire contract's settings. */
    public static ObjectMapper wire() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
