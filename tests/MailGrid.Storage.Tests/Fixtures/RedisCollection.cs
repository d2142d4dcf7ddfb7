namespace MailGrid.Storage.Tests.Fixtures;

/// <summary>All Redis-backed test classes share one redis-server.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis";
}
