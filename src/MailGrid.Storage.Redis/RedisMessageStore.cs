using System.Globalization;
using MailGrid.Messages;
using MailGrid.Storage.Serialization;
using StackExchange.Redis;

namespace MailGrid.Storage.Redis;

/// <summary>
/// Message records as one string key each, and a sorted set of the final ones scored by when they became final,
/// updated in the same script as the record so expiry never scans keys. "Durable" means Redis acknowledged the
/// write; whether that survives a Redis crash depends on its persistence settings (appendonly yes + appendfsync).
/// </summary>
public sealed class RedisMessageStore : IMessageStore
{
    private readonly IConnectionMultiplexer redis;
    private readonly RedisKeys keys;

    public RedisMessageStore(IConnectionMultiplexer redis, RedisKeys keys)
    {
        this.redis = redis;
        this.keys = keys;
    }

    public Task SaveAsync(MessageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var json = StorageJson.Serialize(record);
        var id = record.Envelope.MessageId;
        var finalAt = MessageFinality.FinalAt(record)?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "";
        return RedisCall.Run(() => redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.MessageSave, [keys.Message(id), keys.FinalMessages()], [json, id, finalAt]));
    }

    public async Task<MessageRecord?> GetAsync(string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await RedisCall.Run(() => redis.GetDatabase().StringGetAsync(keys.Message(messageId))).ConfigureAwait(false);
        return value.IsNull ? null : StorageJson.DeserializeMessageRecord((byte[])value!);
    }

    public async Task<bool> DeleteAsync(string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await RedisCall.Run(() => redis.GetDatabase().ScriptEvaluateAsync(
            RedisScripts.MessageDelete, [keys.Message(messageId), keys.FinalMessages()], [messageId])).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<IReadOnlyList<FinalMessage>> ListFinalAsync(DateTimeOffset finalBefore, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
        {
            return [];
        }

        var entries = await RedisCall.Run(() => redis.GetDatabase().SortedSetRangeByScoreWithScoresAsync(
            keys.FinalMessages(), double.NegativeInfinity, finalBefore.ToUnixTimeMilliseconds(), Exclude.Stop, Order.Ascending, 0, limit)).ConfigureAwait(false);
        return [.. entries.Select(e => new FinalMessage(e.Element.ToString(), DateTimeOffset.FromUnixTimeMilliseconds((long)e.Score)))];
    }
}
