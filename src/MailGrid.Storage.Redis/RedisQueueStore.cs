using System.Globalization;
using MailGrid.Queues;
using MailGrid.Storage.Serialization;
using StackExchange.Redis;

namespace MailGrid.Storage.Redis;

/// <summary>
/// Domain queues: a hash of message id → entry JSON and a sorted set of message ids scored by due time
/// (Unix ms; ties ordered by message id); a registry set holds the domains with a non-empty queue and is
/// updated in the same script as the entry.
/// </summary>
public sealed class RedisQueueStore : IQueueStore
{
    private readonly IConnectionMultiplexer redis;
    private readonly RedisKeys keys;

    public RedisQueueStore(IConnectionMultiplexer redis, RedisKeys keys)
    {
        this.redis = redis;
        this.keys = keys;
    }

    public Task UpsertAsync(string domain, QueueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        var json = StorageJson.Serialize(entry);
        return RedisCall.Run(() => redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.QueueUpsert,
            [keys.QueueEntries(domain), keys.QueueDue(domain), keys.QueueDomains()],
            [entry.MessageId, entry.DueAt.ToUnixTimeMilliseconds(), json, domain]));
    }

    public async Task<bool> RemoveAsync(string domain, string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await RedisCall.Run(() => redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.QueueRemove,
            [keys.QueueEntries(domain), keys.QueueDue(domain), keys.QueueDomains()],
            [messageId, domain])).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<QueueEntry?> GetAsync(string domain, string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var json = await RedisCall.Run(() => redis.GetDatabase().HashGetAsync(keys.QueueEntries(domain), messageId)).ConfigureAwait(false);
        return json.IsNullOrEmpty ? null : StorageJson.DeserializeQueueEntry((byte[])json!);
    }

    public Task<IReadOnlyList<QueueEntry>> GetDueAsync(string domain, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        RangeAsync(domain, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), limit, cancellationToken);

    public Task<IReadOnlyList<QueueEntry>> ListAsync(string domain, int limit, CancellationToken cancellationToken) =>
        RangeAsync(domain, "+inf", limit, cancellationToken);

    public async Task<DateTimeOffset?> GetNextDueAsync(string domain, CancellationToken cancellationToken)
    {
        var first = await RangeAsync(domain, "+inf", 1, cancellationToken).ConfigureAwait(false);
        return first.Count == 0 ? null : first[0].DueAt;
    }

    public Task<long> CountAsync(string domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return RedisCall.Run(() => redis.GetDatabase().SortedSetLengthAsync(keys.QueueDue(domain)));
    }

    public async Task<IReadOnlyList<string>> GetActiveDomainsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var members = await RedisCall.Run(() => redis.GetDatabase().SetMembersAsync(keys.QueueDomains())).ConfigureAwait(false);
        var domains = members.Select(m => m.ToString()).ToList();
        domains.Sort(StringComparer.Ordinal);
        return domains;
    }

    private async Task<IReadOnlyList<QueueEntry>> RangeAsync(string domain, string maxScore, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
        {
            return [];
        }

        var result = await RedisCall.Run(() => redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.RangeWithEntries,
            [keys.QueueDue(domain), keys.QueueEntries(domain)],
            ["-inf", maxScore, limit])).ConfigureAwait(false);
        var pairs = (RedisResult[])result!;
        var entries = new List<QueueEntry>(pairs.Length / 2);
        for (var i = 1; i < pairs.Length; i += 2)
        {
            entries.Add(StorageJson.DeserializeQueueEntry((byte[])pairs[i]!));
        }

        return entries;
    }
}
