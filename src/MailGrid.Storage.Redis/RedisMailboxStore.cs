using System.Globalization;
using MailGrid.Mailboxes;
using MailGrid.Storage.Serialization;
using StackExchange.Redis;

namespace MailGrid.Storage.Redis;

/// <summary>
/// Mailbox indexes: an INCR counter gives UIDs, a hash holds UID → entry JSON, a sorted set of UIDs
/// gives ordered listing and a hash message id → UID makes a repeated append a no-op; append is one script
/// touching five keys, whatever the mailbox size. The fifth counts the entries of the same message across mailboxes,
/// so whether any mailbox still holds a body is one read.
/// </summary>
public sealed class RedisMailboxStore : IMailboxStore
{
    private readonly IConnectionMultiplexer redis;
    private readonly RedisKeys keys;

    public RedisMailboxStore(IConnectionMultiplexer redis, RedisKeys keys)
    {
        this.redis = redis;
        this.keys = keys;
    }

    public async Task<MailboxEntry> AppendAsync(string mailbox, MailboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mailbox);
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();

        // The UID is only known inside the script, so the stored JSON carries Uid 0 and reads take it from the hash field.
        var json = StorageJson.Serialize(entry with { Uid = 0 });
        var result = await RedisCall.Run(() => redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.MailboxAppend,
            [keys.MailboxLastUid(mailbox), keys.MailboxEntries(mailbox), keys.MailboxUids(mailbox), keys.MailboxMessages(mailbox), keys.MessageMailboxEntries(entry.MessageId)],
            [json, entry.MessageId])).ConfigureAwait(false);
        return entry with { Uid = (long)result };
    }

    public async Task<IReadOnlyList<MailboxEntry>> ListAsync(string mailbox, long afterUid, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
        {
            return [];
        }

        var result = await RedisCall.Run(() => redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.RangeWithEntries,
            [keys.MailboxUids(mailbox), keys.MailboxEntries(mailbox)],
            ["(" + afterUid.ToString(CultureInfo.InvariantCulture), "+inf", limit])).ConfigureAwait(false);
        var pairs = (RedisResult[])result!;
        var entries = new List<MailboxEntry>(pairs.Length / 2);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            entries.Add(ReadEntry((long)pairs[i], (byte[])pairs[i + 1]!));
        }

        return entries;
    }

    public async Task<MailboxEntry?> GetAsync(string mailbox, long uid, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await RedisCall.Run(() => redis.GetDatabase().HashGetAsync(keys.MailboxEntries(mailbox), uid)).ConfigureAwait(false);
        return value.IsNull ? null : ReadEntry(uid, (byte[])value!);
    }

    public async Task<bool> DeleteAsync(string mailbox, long uid, CancellationToken cancellationToken)
    {
        // The script must name the message's reference counter among its keys, so the entry is read first. A UID is
        // never reused, so the entry read is the one the script deletes (or already gone, and then nothing changes).
        if (await GetAsync(mailbox, uid, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            return false;
        }

        var result = await RedisCall.Run(() => redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.MailboxDelete,
            [keys.MailboxEntries(mailbox), keys.MailboxUids(mailbox), keys.MailboxMessages(mailbox), keys.MessageMailboxEntries(entry.MessageId)],
            [uid])).ConfigureAwait(false);
        return (long)result == 1;
    }

    public Task<long> CountAsync(string mailbox, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return RedisCall.Run(() => redis.GetDatabase().SortedSetLengthAsync(keys.MailboxUids(mailbox)));
    }

    public async Task<bool> ContainsMessageAsync(string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var count = await RedisCall.Run(() => redis.GetDatabase().StringGetAsync(keys.MessageMailboxEntries(messageId))).ConfigureAwait(false);
        return count.TryParse(out long entries) && entries > 0;
    }

    private static MailboxEntry ReadEntry(long uid, byte[] json) => StorageJson.DeserializeMailboxEntry(json) with { Uid = uid };
}
