package dev.syncio.demo.files;

import dev.syncio.event.ChangeAction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the changes of one folder as they happen: an example of a topic fed by something other
 * than a database. Each regular file directly in the folder that is created, modified or deleted
 * becomes one {@link Listener#changed} call (the demo sends it to the topic {@code files} as
 * {@code resource:changed}, resource {@code file}, id the file name).
 *
 * <pre>{@code
 * try (FolderWatcher watcher = FolderWatcher.start(Path.of("inbox"), (action, name, file, version) ->
 *         server.emitter().toTopic("files").changed("file", action, name, file, version), Clock.systemUTC())) {
 *     ...
 * }
 * }</pre>
 *
 * <p>It runs on a daemon thread of its own, blocked in {@link WatchService#take()}, so the
 * listener may emit (or do I/O) without holding up anything else; it is called on that thread,
 * one change at a time. Subfolders are not watched. When the operating system drops events
 * ({@code OVERFLOW}, a burst larger than its queue) the folder is scanned again and the
 * difference to what was known is published, so subscribers converge on the folder's state
 * without refetching.
 *
 * <p>Versions: each change gets {@code max(previous + 1, clock millis)}, increasing within one
 * watcher and, unless the clock steps back, across restarts too, so a client that keeps the
 * highest version it saw per file can drop a late duplicate.
 */
public final class FolderWatcher implements AutoCloseable {

    /**
     * What a subscriber learns about a file.
     *
     * @param name       the file name (no directory)
     * @param size       its size in bytes; null once deleted
     * @param modifiedAt when it was last modified; null once deleted
     */
    public record FileInfo(String name, Long size, Instant modifiedAt) {
    }

    /** Told about each change, on the watcher's thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * A file was created, modified or deleted.
         *
         * @param version greater than every version this watcher handed out before
         */
        void changed(ChangeAction action, String name, FileInfo file, long version);
    }

    private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final Path directory;
    private final Listener listener;
    private final Clock clock;
    private final WatchService watchService;
    /** The files as last published; only the watcher thread touches it after the start. */
    private final Map<String, FileInfo> known = new HashMap<>();
    private final Thread thread;
    private long version;

    private FolderWatcher(Path directory, Listener listener, Clock clock) throws IOException {
        this.directory = directory;
        this.listener = listener;
        this.clock = clock;
        this.watchService = directory.getFileSystem().newWatchService();
        this.thread = new Thread(this::run, "folder-watcher " + directory);
        thread.setDaemon(true);
    }

    /**
     * Watches {@code directory} from now on (the files there already are known, not announced).
     *
     * @throws IllegalArgumentException when it is not a directory
     * @throws UncheckedIOException     when it cannot be watched
     */
    public static FolderWatcher start(Path directory, Listener listener, Clock clock) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("cannot watch " + directory + ": not a directory");
        }
        FolderWatcher watcher;
        try {
            watcher = new FolderWatcher(directory.toAbsolutePath(), listener, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + directory, e);
        }
        try {
            // register before the scan: a file created in between is then seen by both, never by neither
            watcher.directory.register(watcher.watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            watcher.known.putAll(watcher.scan());
        } catch (IOException e) {
            watcher.close();
            throw new UncheckedIOException("cannot watch " + directory, e);
        }
        watcher.thread.start();
        log.info("watching {} ({} files): changes go to subscribers", watcher.directory, watcher.known.size());
        return watcher;
    }

    /** The watched directory. */
    public Path directory() {
        return directory;
    }

    /** Stops watching and waits briefly for the thread (a listener call in progress) to end. Idempotent. */
    @Override
    public void close() {
        try {
            watchService.close(); // wakes take() with ClosedWatchServiceException
        } catch (IOException e) {
            log.warn("closing the watch service of {} failed", directory, e);
        }
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        for (;;) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return; // closed
            }
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    log.warn("the operating system dropped change events of {}; rescanning it", directory);
                    rescan();
                } else if (event.context() instanceof Path name) {
                    handle(event.kind(), name.toString());
                }
            }
            if (!key.reset()) {
                log.warn("stopped watching {}: it is no longer accessible", directory);
                return;
            }
        }
    }

    private void handle(WatchEvent.Kind<?> kind, String name) {
        if (kind == StandardWatchEventKinds.ENTRY_DELETE) {
            if (known.remove(name) != null) {
                publish(ChangeAction.DELETED, new FileInfo(name, null, null));
            }
            return;
        }
        FileInfo now;
        try {
            now = read(directory.resolve(name));
        } catch (IOException e) {
            // gone again already (its ENTRY_DELETE follows), or unreadable: nothing to tell yet
            log.debug("cannot read {} after {}: {}", name, kind, e.toString());
            return;
        }
        update(name, now);
    }

    /** Publishes the difference between the folder's state now and what was known. */
    private void rescan() {
        Map<String, FileInfo> now;
        try {
            now = scan();
        } catch (IOException e) {
            log.warn("cannot rescan {}", directory, e);
            return;
        }
        Set<String> gone = new HashSet<>(known.keySet());
        gone.removeAll(now.keySet());
        for (String name : gone) {
            known.remove(name);
            publish(ChangeAction.DELETED, new FileInfo(name, null, null));
        }
        now.forEach(this::update);
    }

    /** Publishes {@code now} unless it is a directory or what was published last (an event repeated). */
    private void update(String name, FileInfo now) {
        if (now == null || now.equals(known.get(name))) {
            return;
        }
        FileInfo before = known.put(name, now);
        publish(before == null ? ChangeAction.CREATED : ChangeAction.UPDATED, now);
    }

    private void publish(ChangeAction action, FileInfo file) {
        version = Math.max(version + 1, clock.millis());
        try {
            listener.changed(action, file.name(), file, version);
        } catch (RuntimeException e) {
            log.warn("publishing {} {} failed", action.wireValue(), file.name(), e);
        }
    }

    private Map<String, FileInfo> scan() throws IOException {
        Map<String, FileInfo> files = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                try {
                    FileInfo file = read(entry);
                    if (file != null) {
                        files.put(file.name(), file);
                    }
                } catch (NoSuchFileException e) {
                    // deleted while listing
                }
            }
        }
        return files;
    }

    /** The file's info, or null for anything but a regular file. */
    private static FileInfo read(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            return null;
        }
        return new FileInfo(file.getFileName().toString(), attributes.size(), attributes.lastModifiedTime().toInstant());
    }
}
