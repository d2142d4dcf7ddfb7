using MailGrid.Storage.Local;
using MailGrid.Storage.Files;
using MailGrid.Storage.Local.Hosting;
using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Redis;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Tests.Hosting;

/// <summary>The DI extensions wire the stores from configuration the way hosts will call them.</summary>
[Collection(RedisCollection.Name)]
public sealed class StorageRegistrationTests : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly RedisServerFixture redis;

    public StorageRegistrationTests(RedisServerFixture redis) => this.redis = redis;

    [Fact]
    public async Task Local_storage_puts_database_and_blobs_under_the_data_path()
    {
        var configuration = Configuration(new() { ["MailGrid:DataPath"] = folder.Path });
        await using var services = new ServiceCollection().AddLogging().AddMailGridLocalStorage(configuration).BuildServiceProvider();

        await services.GetRequiredService<IQueueStore>().UpsertAsync("remote.test", Samples.QueueEntry("m", Samples.Epoch), default);
        Assert.IsType<SqliteBlobStore>(services.GetRequiredService<IBlobStore>());

        Assert.Equal(Path.Combine(folder.Path, "mailgrid.db"), services.GetRequiredService<SqliteDatabase>().DatabasePath);
        Assert.Equal(Path.Combine(folder.Path, "blobs"), services.GetRequiredService<FileSystemBlobStore>().RootPath);
        Assert.IsType<SqliteMailboxStore>(services.GetRequiredService<IMailboxStore>());
        Assert.IsType<SqliteMessageStore>(services.GetRequiredService<IMessageStore>());
    }

    [Fact]
    public async Task Inline_bodies_can_be_turned_off()
    {
        var configuration = Configuration(new() { ["MailGrid:DataPath"] = folder.Path, ["MailGrid:Storage:Local:InlineBodyMaxBytes"] = "0" });
        await using var services = new ServiceCollection().AddLogging().AddMailGridLocalStorage(configuration).BuildServiceProvider();

        Assert.IsType<FileSystemBlobStore>(services.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public async Task Invalid_local_settings_fail_validation()
    {
        var configuration = Configuration(new() { ["MailGrid:DataPath"] = folder.Path, ["MailGrid:Storage:Local:MaxBatchSize"] = "0" });
        await using var services = new ServiceCollection().AddLogging().AddMailGridLocalStorage(configuration).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LocalStorageOptions>>().Value);
    }

    [Fact]
    public async Task Redis_storage_connects_with_the_aspire_connection_string()
    {
        var configuration = Configuration(new()
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["MailGrid:Storage:Redis:KeyPrefix"] = "reg" + Guid.NewGuid().ToString("N") + ":",
        });
        await using var services = new ServiceCollection().AddMailGridRedisStorage(configuration).BuildServiceProvider();

        var mailbox = services.GetRequiredService<IMailboxStore>();
        var appended = await mailbox.AppendAsync("alice@local.test", Samples.MailboxEntry("m"), default);

        Assert.IsType<RedisMailboxStore>(mailbox);
        Assert.Equal(1, appended.Uid);
        Assert.Null(services.GetService<IBlobStore>());
    }

    public void Dispose() => folder.Dispose();

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
