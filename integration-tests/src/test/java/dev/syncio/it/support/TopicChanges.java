package dev.syncio.it.support;

import dev.syncio.SyncEmitter;
import dev.syncio.event.ChangeAction;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * The changes the topic tests (Java and JavaScript) emit, and what a Java client receives of them.
 * A change is order {@code o-1} updated to a version; its data carries a {@code tag} saying when
 * it was emitted ({@code before}, {@code away}, {@code live}). Received changes are flattened: a
 * {@code topic:batch} counts as the changes it holds, in order.
 */
public final class TopicChanges {

    /** One change as a client listener got it: the event it came in, its payload, the event's offset (or null). */
    public record Received(String event, JSONObject change, String offset) {

        public String topic() {
            return change.optString("topic");
        }

        public long version() {
            return change.optLong("version", -1);
        }

        public String tag() {
            return change.optJSONObject("data") == null ? "" : change.optJSONObject("data").optString("tag");
        }
    }

    private TopicChanges() {
    }

    /** {@code count} changes of order {@code o-1} to {@code topic}, versions {@code from} to {@code from + count - 1}. */
    public static void emit(SyncEmitter emitter, String topic, String tag, long from, int count) {
        emit(emitter, topic, tag, versions(from, count));
    }

    /** A change of order {@code o-1} to {@code topic} for each of these versions, in this order. */
    public static void emit(SyncEmitter emitter, String topic, String tag, List<Long> versions) {
        for (long version : versions) {
            emitter.toTopic(topic).changed("order", ChangeAction.UPDATED, "o-1", Map.of("tag", tag, "version", version),
                    version);
        }
    }

    /** Records every change from now on, from {@code resource:changed} and from {@code topic:batch}. */
    public static BlockingQueue<Received> record(Socket socket) {
        BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
        socket.on("resource:changed", args ->
                queue.add(new Received("resource:changed", EventArgs.payload(args), EventArgs.offset(args))));
        socket.on("topic:batch", args -> {
            JSONArray events = EventArgs.payload(args).optJSONArray("events");
            String offset = EventArgs.offset(args);
            for (int i = 0; events != null && i < events.length(); i++) {
                queue.add(new Received("topic:batch", events.optJSONObject(i), offset));
            }
        });
        return queue;
    }

    /** The versions of the changes received so far, in order, taken out of the queue. */
    public static List<Long> drainVersions(BlockingQueue<Received> queue) {
        List<Received> received = new ArrayList<>();
        queue.drainTo(received);
        return received.stream().map(Received::version).toList();
    }

    /** The versions {@code from} to {@code from + count - 1}. */
    public static List<Long> versions(long from, int count) {
        List<Long> versions = new ArrayList<>();
        for (long version = from; version < from + count; version++) {
            versions.add(version);
        }
        return versions;
    }
}
