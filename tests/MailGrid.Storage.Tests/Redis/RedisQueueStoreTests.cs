using MailGrid.Storage.Redis;
using MailGrid.Storage.Tests.Contracts;
using MailGrid.Storage.Tests.Fixtures;

namespace MailGrid.Storage.Tests.Redis;

[Collection(RedisCollection.Name)]
public sealed class RedisQueueStoreTests : QueueStoreContract
{
    public RedisQueueStoreTests(RedisServerFixture redis) =>
        Store = new RedisQueueStore(redis.Connection, Stores.IsolatedRedisKeys());

    protected override IQueueStore Store { get; }
}
