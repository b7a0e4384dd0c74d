package dev.syncio.recovery;

import java.util.Objects;
import java.util.Set;

/**
 * What a client gets back when it recovers: its socket id and the conversations and topics it was in. Saved
 * by the socket's owner, one version after the other. Internal: not part of syncio's API.
 *
 * @param pid           the private session id the client holds (secret: never logged)
 * @param sid           the socket id the client gets back
 * @param namespace     the socket's namespace
 * @param userId        the user the session belongs to: only a token of this user recovers it
 * @param conversations the conversations the socket was in
 * @param topics        the topics the socket was subscribed to
 * @param owner         the socket instance that saves this record (random); a record taken over by
 *                      a recovering socket ignores the saves of the instance it replaced
 * @param version       grows with each save of one owner: a save older than the stored one is ignored
 */
public record SessionRecord(String pid, String sid, String namespace, String userId, Set<String> conversations,
                            Set<String> topics, String owner, long version) {

    public SessionRecord {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(owner, "owner");
        conversations = Set.copyOf(conversations);
        topics = Set.copyOf(topics);
    }

    /** The same session as {@code owner} holds it at {@code version}. */
    public SessionRecord withOwner(String owner, long version) {
        return new SessionRecord(pid, sid, namespace, userId, conversations, topics, owner, version);
    }

    /** The same session with nothing to rejoin: what is kept to refuse it later. */
    public SessionRecord emptied(String owner) {
        return new SessionRecord(pid, sid, namespace, userId, Set.of(), Set.of(), owner, 1);
    }

    /** Hides the pid. */
    @Override
    public String toString() {
        return "SessionRecord[sid=" + sid + ", namespace=" + namespace + ", userId=" + userId + ", conversations="
                + conversations + ", owner=" + owner + ", version=" + version + "]";
    }
}
