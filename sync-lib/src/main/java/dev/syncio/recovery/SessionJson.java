package dev.syncio.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Set;

/**
 * The {@code data} of a session in Redis: what a recovering client gets back, as compact JSON.
 * Neither the pid (the key is a hash of it, and the taker knows it) nor the owner and version
 * (hash fields of their own, which the scripts compare) are in it. {@code userId} and
 * {@code namespace} are read by the take script, so their names are part of the key layout.
 *
 * @param sid           the socket id the client gets back
 * @param namespace     the socket's namespace
 * @param userId        the user the session belongs to
 * @param conversations the conversations the socket was in
 * @param topics        the topics the socket was subscribed to (absent in records of older versions)
 */
record SessionJson(String sid, String namespace, String userId, Set<String> conversations, Set<String> topics) {

    /** Thread-safe once configured; plain settings: this JSON never leaves the cluster. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static String write(SessionRecord record) {
        try {
            return MAPPER.writeValueAsString(
                    new SessionJson(record.sid(), record.namespace(), record.userId(), record.conversations(),
                            record.topics()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a session record is always writable", e);
        }
    }

    /** The record of {@code pid} as stored; fails with {@link IllegalArgumentException} on bad JSON. */
    static SessionRecord read(String pid, String json, String owner, long version) {
        SessionJson data;
        try {
            data = MAPPER.readValue(json, SessionJson.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable session record", e);
        }
        return new SessionRecord(pid, data.sid(), data.namespace(), data.userId(),
                data.conversations() == null ? Set.of() : data.conversations(),
                data.topics() == null ? Set.of() : data.topics(), owner, version);
    }
}
