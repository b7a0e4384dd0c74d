package dev.syncio.recovery;

/**
 * The Lua scripts behind {@link RedisSessionStore}. A session is one hash:
 * <pre>
 *   owner    the socket instance that may save it
 *   version  the owner's last accepted save (0: a placeholder left by a take)
 *   live     1 while its socket is connected (the owner's node refreshes its TTL), else 0
 *   data     the record as JSON ({@link SessionJson}); absent in a tombstone (forgotten)
 *   held     1 in a placeholder: taken, not yet saved by its new owner, not takeable by another
 * </pre>
 * Each script runs atomically, so the owner and version rules hold whatever nodes do at the same
 * moment, and of two takers exactly one gets the record.
 */
final class SessionScripts {

    private SessionScripts() {
    }

    /**
     * A save of its owner (connected, disconnected, or forget with empty data: a tombstone that
     * keeps owner and version, so that a late save of an older version loses to the forget).
     * KEYS: the session. ARGV: owner, version, data ('' for a tombstone), live (1 or 0), TTL in ms.
     * Returns 1 when saved, 0 when ignored (another owner, or a version not newer than the stored one).
     */
    static final String SAVE = """
            local stored = redis.call('HMGET', KEYS[1], 'owner', 'version')
            if stored[1] and (stored[1] ~= ARGV[1] or tonumber(stored[2]) >= tonumber(ARGV[2])) then
              return 0
            end
            redis.call('HDEL', KEYS[1], 'held')
            if ARGV[3] == '' then
              redis.call('HDEL', KEYS[1], 'data')
              redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'version', ARGV[2], 'live', ARGV[4])
            else
              redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'version', ARGV[2], 'live', ARGV[4], 'data', ARGV[3])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """;

    /**
     * Takes a session for a recovering connection. KEYS: the session. ARGV: user id, namespace,
     * new owner, TTL in ms. Returns {owner, version, data} as stored before, or nil when there is
     * nothing to take (no record, a tombstone, another user or namespace, another taker's
     * placeholder). The same taker asking again (a command resent after a timeout) gets the
     * record again, as the placeholder still holds its data.
     */
    static final String TAKE = """
            local stored = redis.call('HMGET', KEYS[1], 'owner', 'version', 'data', 'held')
            if not stored[3] then
              return false
            end
            if stored[4] == '1' then
              if stored[1] == ARGV[3] then
                return {stored[1], stored[2], stored[3]}
              end
              return false
            end
            local ok, record = pcall(cjson.decode, stored[3])
            if not ok or type(record) ~= 'table' or record.userId ~= ARGV[1] or record.namespace ~= ARGV[2] then
              return false
            end
            redis.call('HSET', KEYS[1], 'owner', ARGV[3], 'version', '0', 'live', '1', 'held', '1')
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return {stored[1], stored[2], stored[3]}
            """;

    /**
     * Keeps a connected session alive. KEYS: the session. ARGV: owner, TTL in ms. Returns 1 when
     * refreshed, 0 when the session is gone, disconnected, or another owner's (stop refreshing it).
     */
    static final String REFRESH = """
            local stored = redis.call('HMGET', KEYS[1], 'owner', 'live')
            if stored[1] ~= ARGV[1] or stored[2] ~= '1' then
              return 0
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;
}
