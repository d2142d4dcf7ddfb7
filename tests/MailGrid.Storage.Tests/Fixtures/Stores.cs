using MailGrid.Storage.Local;
using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Tests.Fixtures;

/// <summary>Builds stores the way the DI extensions do, for tests that need several instances.</summary>
public static class Stores
{
    public static SqliteDatabase OpenSqlite(string dataPath, int maxBatchSize = 512) =>
        new(Options.Create(new LocalStorageOptions { DataPath = dataPath, MaxBatchSize = maxBatchSize }), NullLogger<SqliteDatabase>.Instance);

    /// <summary>Keys under a prefix of their own, so each test sees an empty Redis (including the queue registry).</summary>
    public static RedisKeys IsolatedRedisKeys() =>
        new(Options.Create(new RedisStorageOptions { KeyPrefix = "t" + Guid.NewGuid().ToString("N") + ":" }));
}
