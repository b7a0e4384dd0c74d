package dev.syncio.cluster;

/**
 * The Lua scripts behind cluster presence. Each runs atomically in Redis, so the cluster-wide
 * count of a user's sockets, this node's share of it, and the node's index of the conversations
 * it has sockets in never disagree, whatever nodes do at the same moment. Key layout:
 * {@link ClusterKeys}.
 */
final class PresenceScripts {

    /**
     * How long a key outlives the last node that refreshed it: presence hashes, a node's indexes and
     * the registry expire a day after the whole cluster is gone, even if no node is left to clean
     * up. Live keys are refreshed long before (joins, heartbeats, an hourly sweep).
     */
    static final long ABANDONED_MILLIS = 24L * 60 * 60 * 1000;

    private PresenceScripts() {
    }

    /**
     * A socket joined. KEYS: presence hash, the node's presence index. ARGV: user, node, TTL of
     * abandoned keys in ms. Returns the user's sockets cluster-wide, this one included (1 = first).
     */
    static final String JOINED = """
            local total = redis.call('HINCRBY', KEYS[1], 'u:' .. ARGV[1], 1)
            redis.call('HINCRBY', KEYS[1], 'n:' .. ARGV[2] .. ':' .. ARGV[1], 1)
            redis.call('HINCRBY', KEYS[2], KEYS[1], 1)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return total
            """;

    /**
     * A socket left. KEYS: presence hash, the node's presence index. ARGV: user, node.
     * Returns the user's sockets left cluster-wide (0 = that was the last), or -1 when this node
     * has no socket of the user counted: it was presumed dead and cleaned up after, and the user's
     * departure was announced then; counting it again would go below zero.
     */
    static final String LEFT = """
            local mine = 'n:' .. ARGV[2] .. ':' .. ARGV[1]
            local count = tonumber(redis.call('HGET', KEYS[1], mine) or '0')
            if count <= 0 then
              return -1
            end
            if count == 1 then
              redis.call('HDEL', KEYS[1], mine)
            else
              redis.call('HINCRBY', KEYS[1], mine, -1)
            end
            local total = redis.call('HINCRBY', KEYS[1], 'u:' .. ARGV[1], -1)
            if total <= 0 then
              redis.call('HDEL', KEYS[1], 'u:' .. ARGV[1])
              total = 0
            end
            if redis.call('HINCRBY', KEYS[2], KEYS[1], -1) <= 0 then
              redis.call('HDEL', KEYS[2], KEYS[1])
            end
            return total
            """;

    /** The users online. KEYS: presence hash. Filtered here, so node fields never cross the wire. */
    static final String ONLINE = """
            local users = {}
            local fields = redis.call('HKEYS', KEYS[1])
            for i = 1, #fields do
              if string.sub(fields[i], 1, 2) == 'u:' then
                users[#users + 1] = string.sub(fields[i], 3)
              end
            end
            return users
            """;

    /**
     * Takes a node's sockets out of one conversation. KEYS: presence hash, that node's presence
     * index. ARGV: node. Returns the users who had no socket left anywhere (now offline).
     * Idempotent: run twice (two nodes cleaning up, or a retry), the second run finds nothing.
     */
    static final String REMOVE_NODE = """
            local prefix = 'n:' .. ARGV[1] .. ':'
            local offline = {}
            local all = redis.call('HGETALL', KEYS[1])
            for i = 1, #all, 2 do
              local field = all[i]
              if string.sub(field, 1, #prefix) == prefix then
                local user = string.sub(field, #prefix + 1)
                redis.call('HDEL', KEYS[1], field)
                local total = redis.call('HINCRBY', KEYS[1], 'u:' .. user, -tonumber(all[i + 1]))
                if total <= 0 then
                  redis.call('HDEL', KEYS[1], 'u:' .. user)
                  offline[#offline + 1] = user
                end
              end
            end
            redis.call('HDEL', KEYS[2], KEYS[1])
            return offline
            """;

    /**
     * A node's heartbeat. KEYS: its alive key, the node registry, its presence index, its typing
     * set, the bus stream. ARGV: node, TTL in ms, TTL of abandoned keys in ms, {@code 1} to also refresh the TTL of
     * every presence hash the node has sockets in (the hourly sweep that keeps long-lived joins
     * from expiring). Returns 1 if the alive key was still there (0: the node missed its
     * heartbeat, or this is its first).
     */
    static final String HEARTBEAT = """
            local existed = redis.call('EXISTS', KEYS[1])
            redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            redis.call('PEXPIRE', KEYS[3], ARGV[3])
            redis.call('PEXPIRE', KEYS[4], ARGV[3])
            redis.call('PEXPIRE', KEYS[5], ARGV[3])
            if ARGV[4] == '1' then
              local hashes = redis.call('HKEYS', KEYS[3])
              for i = 1, #hashes do
                redis.call('PEXPIRE', hashes[i], ARGV[3])
              end
            end
            return existed
            """;
}
