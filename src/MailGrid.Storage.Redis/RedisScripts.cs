namespace MailGrid.Storage.Redis;

/// <summary>
/// Lua scripts that keep each multi-key change atomic. StackExchange.Redis caches them by SHA and sends
/// EVALSHA after the first call. Each touches O(log n) of one mailbox or queue, never the whole of it.
/// </summary>
internal static class RedisScripts
{
    /// <summary>KEYS: lastUid, entries, uids, the message's mailbox references. ARGV: entry JSON. Returns the new UID.</summary>
    public const string MailboxAppend = """
        local uid = redis.call('INCR', KEYS[1])
        redis.call('HSET', KEYS[2], uid, ARGV[1])
        redis.call('ZADD', KEYS[3], uid, uid)
        redis.call('INCR', KEYS[4])
        return uid
        """;

    /// <summary>KEYS: entries, uids, the entry's message's mailbox references. ARGV: uid. Returns 1 when removed.</summary>
    public const string MailboxDelete = """
        local removed = redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        if removed == 1 and redis.call('DECR', KEYS[3]) <= 0 then
          redis.call('DEL', KEYS[3])
        end
        return removed
        """;

    /// <summary>KEYS: record, final index. ARGV: record JSON, message id, final time (Unix ms) or empty while a recipient is open.</summary>
    public const string MessageSave = """
        redis.call('SET', KEYS[1], ARGV[1])
        if ARGV[3] == '' then
          redis.call('ZREM', KEYS[2], ARGV[2])
        else
          redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
        end
        return 1
        """;

    /// <summary>KEYS: record, final index. ARGV: message id. Returns 1 when the record was there.</summary>
    public const string MessageDelete = """
        local removed = redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return removed
        """;

    /// <summary>
    /// KEYS: index (sorted set), entries (hash). ARGV: min score (exclusive form allowed), max score, limit.
    /// Returns a flat list of member, JSON pairs in score order.
    /// </summary>
    public const string RangeWithEntries = """
        local members = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, ARGV[3])
        local out = {}
        for i = 1, #members do
          local value = redis.call('HGET', KEYS[2], members[i])
          if value then
            out[#out + 1] = members[i]
            out[#out + 1] = value
          end
        end
        return out
        """;

    /// <summary>KEYS: entries, due, registry. ARGV: message id, due score, entry JSON, domain.</summary>
    public const string QueueUpsert = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        redis.call('SADD', KEYS[3], ARGV[4])
        return 1
        """;

    /// <summary>KEYS: entries, due, registry. ARGV: message id, domain. Returns 1 when removed.</summary>
    public const string QueueRemove = """
        local removed = redis.call('HDEL', KEYS[1], ARGV[1])
        if removed == 1 then
          redis.call('ZREM', KEYS[2], ARGV[1])
          if redis.call('HLEN', KEYS[1]) == 0 then
            redis.call('SREM', KEYS[3], ARGV[2])
          end
        end
        return removed
        """;
}
