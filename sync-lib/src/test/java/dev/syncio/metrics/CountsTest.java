package dev.syncio.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.syncio.dispatch.ErrorAcks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counts behind the meters keep their tags bounded: codes syncio defines, others as {@code other}. */
class CountsTest {

    @Test
    void errorAcksCountByKnownCodeAndOtherwiseAsOther() {
        Counts counts = new Counts();
        counts.ack(List.of("fine"));
        counts.ack(List.of(Map.of("ok", true)));
        counts.ack(List.of(ErrorAcks.error("unknown_event", "no handler")));
        counts.ack(List.of(ErrorAcks.error("user-42-made-this-up", "host code")));
        assertEquals(4, counts.acks());
        assertEquals(Map.of("unknown_event", 1L, "other", 1L), counts.errorAcks().snapshot());
    }

    @Test
    void refusedHandshakesCountByRefusalCode() {
        Counts counts = new Counts();
        counts.refusedHandshake("token_expired");
        counts.refusedHandshake("token_expired");
        counts.refusedHandshake("whatever");
        assertEquals(Map.of("token_expired", 2L, "other", 1L), counts.refusedHandshakes().snapshot());
    }

    @Test
    void aListenerHearsOfEachKeyOnce() {
        KeyedCounts counts = new KeyedCounts();
        counts.increment("a");
        List<String> heard = new ArrayList<>();
        counts.onNewKey(heard::add);
        counts.increment("a");
        counts.increment("b");
        counts.increment("b");
        assertEquals(List.of("a", "b"), heard);
        assertEquals(2, counts.count("a"));
        assertEquals(0, counts.count("c"));
    }
}
