package dev.syncio.conversation;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Presence of a single node, in memory: conversation to user to the user's sockets in its room. */
public final class LocalPresence implements PresenceStore {

    private record Key(String namespace, String conversationId) {
    }

    private final ConcurrentMap<Key, ConcurrentMap<String, Integer>> online = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Boolean> joined(String namespace, String conversationId, String userId) {
        int[] after = new int[1];
        online.compute(new Key(namespace, conversationId), (key, users) -> {
            ConcurrentMap<String, Integer> map = users == null ? new ConcurrentHashMap<>() : users;
            after[0] = map.merge(userId, 1, Integer::sum);
            return map;
        });
        return CompletableFuture.completedFuture(after[0] == 1);
    }

    @Override
    public CompletionStage<Boolean> left(String namespace, String conversationId, String userId) {
        boolean[] last = new boolean[1];
        online.computeIfPresent(new Key(namespace, conversationId), (key, users) -> {
            Integer left = users.computeIfPresent(userId, (u, n) -> n <= 1 ? null : n - 1);
            last[0] = left == null;
            return users.isEmpty() ? null : users;
        });
        return CompletableFuture.completedFuture(last[0]);
    }

    @Override
    public CompletionStage<Set<String>> online(String namespace, String conversationId) {
        ConcurrentMap<String, Integer> users = online.get(new Key(namespace, conversationId));
        return CompletableFuture.completedFuture(users == null ? Set.of() : Set.copyOf(users.keySet()));
    }

    @Override
    public void typing(String namespace, String conversationId, String userId, boolean typing) {
        // one node: no other node will ever have to end this typing
    }
}
