package dev.syncio.session;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The once-a-minute summary of what the server refused (CONNECTs, handshakes, limits, by code):
 * each refusal is logged at DEBUG only, so an operator sees floods here. One INFO line when
 * something was refused, WARN when refusals spike ({@value #SPIKE} or more in the minute).
 */
final class RefusalSummary {

    /** Refusals in a minute from which the summary is a warning. */
    static final long SPIKE = 100;

    private static final Logger log = LoggerFactory.getLogger(RefusalSummary.class);

    /** The totals at the previous summary. */
    private Map<String, Long> previous = Map.of();

    /** One minute's refusals: their total and the count of each code. */
    record Minute(long total, Map<String, Long> byCode) {
        String text() {
            return total + " refused " + byCode;
        }
    }

    /** What was refused since the previous call, by code, with the total; null when nothing was. */
    synchronized Minute since(Map<String, Long> totals) {
        Map<String, Long> delta = new TreeMap<>();
        long sum = 0;
        for (Map.Entry<String, Long> total : totals.entrySet()) {
            long count = total.getValue() - previous.getOrDefault(total.getKey(), 0L);
            if (count > 0) {
                delta.put(total.getKey(), count);
                sum += count;
            }
        }
        previous = Map.copyOf(totals);
        return sum == 0 ? null : new Minute(sum, delta);
    }

    /** Logs the minute's summary: nothing, INFO, or WARN from {@link #SPIKE} refusals. */
    void log(Map<String, Long> totals) {
        Minute minute = since(totals);
        if (minute == null) {
            return;
        }
        if (minute.total() >= SPIKE) {
            log.warn("in the last minute: {} (a flood or a misconfigured client? details at DEBUG)", minute.text());
        } else {
            log.info("in the last minute: {} (details at DEBUG)", minute.text());
        }
    }
}
