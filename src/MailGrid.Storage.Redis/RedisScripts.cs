namespace MailGrid.Storage.Redis;

/// <summary>
/// Lua scripts that keep each multi-key change atomic. StackExchange.Redis caches them by SHA and sends
/// EVALSHA after the first call. Each touches O(log n) of one mailbox or queue, never the whole of it.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// KEYS: lastUid, entries, uids, messages (message id → UID), the message's mailbox references. ARGV: entry JSON,
    /// message id. Returns the new UID, or the UID the mailbox already holds the message under (then nothing changes).
    /// </summary>
    public const string MailboxAppend = """
        local held = redis.call('HGET', KEYS[4], ARGV[2])
        if held then
          return tonumber(held)
        end
        local uid = redis.call('INCR', KEYS[1])
        redis.call('HSET', KEYS[2], uid, ARGV[1])
        redis.call('ZADD', KEYS[3], uid, uid)
        redis.call('HSET', KEYS[4], ARGV[2], uid)
        redis.call('INCR', KEYS[5])
        return uid
        """;

    /// <summary>
    /// KEYS: entries, uids, messages, the entry's message's mailbox references. ARGV: uid. Returns 1 when removed.
    /// The entry's message id comes from its JSON (camel-case <c>messageId</c>, as
    /// <see cref="Serialization.StorageJsonContext"/> writes it).
    /// </summary>
    public const string MailboxDelete = """
        local json = redis.call('HGET', KEYS[1], ARGV[1])
        if not json then
          return 0
        end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        local id = cjson.decode(json)['messageId']
        if id and redis.call('HGET', KEYS[3], id) == ARGV[1] then
          redis.call('HDEL', KEYS[3], id)
        end
        if redis.call('DECR', KEYS[4]) <= 0 then
          redis.call('DEL', KEYS[4])
        end
        return 1
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
