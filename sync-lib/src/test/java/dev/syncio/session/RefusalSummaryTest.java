package dev.syncio.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalSummaryTest {

    @Test
    void eachSummaryCountsWhatWasRefusedSinceTheLastByCode() {
        RefusalSummary summary = new RefusalSummary();
        assertEquals("7 refused {connect=2, handshakes_per_second=5}",
                summary.since(Map.of("connect", 2L, "handshakes_per_second", 5L, "origin", 0L)).text());
        assertEquals("3 refused {origin=3}",
                summary.since(Map.of("connect", 2L, "handshakes_per_second", 5L, "origin", 3L)).text());
        assertNull(summary.since(Map.of("connect", 2L, "handshakes_per_second", 5L, "origin", 3L)),
                "a quiet minute logs nothing");
    }

    @Test
    void aCodeSeenForTheFirstTimeCountsWhole() {
        RefusalSummary summary = new RefusalSummary();
        summary.since(Map.of("connect", 4L));
        assertEquals("120 refused {attachments=120}",
                summary.since(Map.of("connect", 4L, "attachments", 120L)).text());
    }
}
