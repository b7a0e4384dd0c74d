package dev.syncio.demo.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.event.ChangeAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FolderWatcher} on a real temporary folder (the operating system's watch service). */
class FolderWatcherTest {

    /** Far in the past: versions then come from the counter, not the clock. */
    private static final Clock EPOCH = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private record Change(ChangeAction action, String name, FolderWatcher.FileInfo file, long version) {
    }

    @TempDir
    Path folder;

    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();

    @Test
    void aFileThereAtTheStartIsKnownSoItsChangeIsAnUpdateAndItsDeletionADeletion() throws Exception {
        Path notes = Files.writeString(folder.resolve("notes.txt"), "before");
        try (FolderWatcher watcher = start()) {
            Files.writeString(notes, "after the start");
            Change modified = until(c -> c.file().size() != null && c.file().size() == 15);
            assertEquals(ChangeAction.UPDATED, modified.action(), "known from the start, so not created");
            assertEquals("notes.txt", modified.name());
            assertNotNull(modified.file().modifiedAt());

            Files.delete(notes);
            Change deleted = until(c -> c.action() == ChangeAction.DELETED);
            assertEquals(new FolderWatcher.FileInfo("notes.txt", null, null), deleted.file());
            assertTrue(deleted.version() > modified.version(), "versions increase");
        }
    }

    @Test
    void subfoldersAreNotAnnounced() throws Exception {
        try (FolderWatcher watcher = start()) {
            Files.createDirectory(folder.resolve("sub"));
            Files.writeString(folder.resolve("after.txt"), "x");
            // barrier: the file created after the folder is the first change told
            Change first = changes.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "no change within 10 s");
            assertEquals("after.txt", first.name());
            assertEquals(ChangeAction.CREATED, first.action());
        }
    }

    @Test
    void closingStopsTheWatcherThread() throws Exception {
        FolderWatcher watcher = start();
        watcher.close();
        watcher.close(); // idempotent
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("folder-watcher " + folder.toAbsolutePath()) && t.isAlive()),
                "the thread ended");
    }

    @Test
    void onlyADirectoryCanBeWatched() throws Exception {
        Path file = Files.writeString(folder.resolve("plain.txt"), "x");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> FolderWatcher.start(file, (action, name, info, version) -> { }, EPOCH));
        assertTrue(refused.getMessage().contains("not a directory"), refused::getMessage);
        assertNull(changes.peek());
    }

    private FolderWatcher start() {
        return FolderWatcher.start(folder, (action, name, file, version) ->
                changes.add(new Change(action, name, file, version)), EPOCH);
    }

    /** The next change that matches, skipping others; fails after 10 s. */
    private Change until(Predicate<Change> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            Change next = changes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(next, "no matching change within 10 s");
            if (wanted.test(next)) {
                return next;
            }
        }
    }
}
