using MailGrid.Messages;
using MailGrid.Storage.Serialization;
using StackExchange.Redis;

namespace MailGrid.Storage.Redis;

/// <summary>
/// Message records as one string key each. "Durable" means Redis acknowledged the write; whether that
/// survives a Redis crash depends on its persistence settings (appendonly yes + appendfsync).
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
        return RedisCall.Run(() => redis.GetDatabase().StringSetAsync(keys.Message(record.Envelope.MessageId), json));
    }

    public async Task<MessageRecord?> GetAsync(string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await RedisCall.Run(() => redis.GetDatabase().StringGetAsync(keys.Message(messageId))).ConfigureAwait(false);
        return value.IsNull ? null : StorageJson.DeserializeMessageRecord((byte[])value!);
    }

    public Task<bool> DeleteAsync(string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return RedisCall.Run(() => redis.GetDatabase().KeyDeleteAsync(keys.Message(messageId)));
    }
}
