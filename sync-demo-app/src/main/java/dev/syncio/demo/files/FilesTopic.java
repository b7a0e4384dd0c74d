package dev.syncio.demo.files;

import dev.syncio.demo.chat.LiveUpdates;

/**
 * The demo's topic {@value #TOPIC}: where a {@link FolderWatcher} on {@code DEMO_WATCH_DIR}
 * publishes, as {@code resource:changed} with resource {@value #RESOURCE}, the file name as
 * resource id and {@link FolderWatcher.FileInfo} as data.
 */
public final class FilesTopic {

    /** The topic name (every logged-in user may subscribe to it). */
    public static final String TOPIC = "files";
    /** The resource name in {@code resource:changed}. */
    public static final String RESOURCE = "file";

    private FilesTopic() {
    }

    /** A listener that announces each change on the topic through {@code live}. */
    public static FolderWatcher.Listener publisher(LiveUpdates live) {
        return (action, name, file, version) -> live.topicChanged(TOPIC, RESOURCE, action, name, file, version);
    }
}
