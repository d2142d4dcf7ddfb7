using MailGrid.Storage.Redis;
using MailGrid.Storage.Tests.Contracts;
using MailGrid.Storage.Tests.Fixtures;

namespace MailGrid.Storage.Tests.Redis;

[Collection(RedisCollection.Name)]
public sealed class RedisMailboxStoreTests : MailboxStoreContract
{
    public RedisMailboxStoreTests(RedisServerFixture redis) =>
        Store = new RedisMailboxStore(redis.Connection, Stores.IsolatedRedisKeys());

    protected override IMailboxStore Store { get; }
}
