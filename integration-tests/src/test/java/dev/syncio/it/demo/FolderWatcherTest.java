package dev.syncio.it.demo;

import static dev.syncio.it.support.DemoFixture.call;
import static dev.syncio.it.support.DemoFixture.next;
import static dev.syncio.it.support.DemoFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.it.support.DemoFixture;
import io.socket.client.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's folder watcher ({@code DEMO_WATCH_DIR}) end to end: files created, modified and
 * deleted in the folder reach a real Java socket client subscribed to the topic {@code files} as
 * {@code resource:changed}, with increasing versions.
 */
class FolderWatcherTest {

    @TempDir
    Path folder;

    @Test
    void aSubscriberHearsAFileBeingCreatedModifiedAndDeleted() throws Exception {
        Files.writeString(folder.resolve("existing.txt"), "there before the start");
        try (DemoFixture demo = DemoFixture.start(Map.of("DEMO_WATCH_DIR", folder.toString()))) {
            Socket alice = demo.connectAndSubscribe("alice", "files");
            BlockingQueue<Object[]> events = record(alice, "resource:changed");
            Events seen = new Events(events);
            Path report = folder.resolve("report.csv");

            Files.writeString(report, "a,b\n");
            JSONObject created = seen.until(e -> true);
            assertEquals("created", created.optString("action"), created::toString);
            // the watcher may read the new file before or after the content is written: wait for the content
            assertFile(seen.until(e -> e.optJSONObject("data").optLong("size") == 4), "report.csv", 4);

            Files.writeString(report, "a,b\n1,2\n");
            // writing a file may be reported as created and then modified (or modified twice): wait for the new size
            JSONObject modified = seen.until(e -> e.optJSONObject("data").optLong("size") == 8);
            assertEquals("updated", modified.optString("action"), modified::toString);
            assertFile(modified, "report.csv", 8);

            Files.delete(report);
            JSONObject deleted = seen.until(e -> e.optString("action").equals("deleted"));
            assertEquals("report.csv", deleted.optString("resourceId"));
            assertEquals("report.csv", deleted.optJSONObject("data").optString("name"));

            long previous = 0;
            for (JSONObject event : seen.all) {
                assertEquals("report.csv", event.optString("resourceId"), "only the changed file: " + event);
                assertTrue(event.optLong("version") > previous, () -> "versions increase: " + seen.all);
                previous = event.optLong("version");
            }

            // only what the host allows: the watcher's topic and the board's, nothing else
            JSONObject refused = call(alice, "subscribe", Map.of("topic", "files:secret"));
            assertEquals(false, refused.opt("ok"), refused::toString);
        }
    }

    private static void assertFile(JSONObject event, String name, long size) {
        assertEquals("files", event.optString("topic"), event::toString);
        assertEquals("file", event.optString("resource"), event::toString);
        assertEquals(name, event.optString("resourceId"), event::toString);
        JSONObject data = event.optJSONObject("data");
        assertEquals(name, data.optString("name"), event::toString);
        assertEquals(size, data.optLong("size"), event::toString);
        Instant.parse(data.optString("modifiedAt"));
    }

    /** The events received so far, and waiting for one that matches (each wait fails after 5 s). */
    private static final class Events {

        private final BlockingQueue<Object[]> queue;
        private final List<JSONObject> all = new ArrayList<>();

        Events(BlockingQueue<Object[]> queue) {
            this.queue = queue;
        }

        /** The first event so far that matches, else the next one received that does. */
        JSONObject until(Predicate<JSONObject> wanted) {
            for (JSONObject event : all) {
                if (wanted.test(event)) {
                    return event;
                }
            }
            for (;;) {
                JSONObject event = next(queue); // fails when nothing comes
                all.add(event);
                if (wanted.test(event)) {
                    return event;
                }
            }
        }
    }
}
