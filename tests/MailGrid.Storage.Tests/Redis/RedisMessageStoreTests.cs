using MailGrid.Storage.Redis;
using MailGrid.Storage.Tests.Contracts;
using MailGrid.Storage.Tests.Fixtures;

namespace MailGrid.Storage.Tests.Redis;

[Collection(RedisCollection.Name)]
public sealed class RedisMessageStoreTests : MessageStoreContract
{
    public RedisMessageStoreTests(RedisServerFixture redis) =>
        Store = new RedisMessageStore(redis.Connection, Stores.IsolatedRedisKeys());

    protected override IMessageStore Store { get; }
}
