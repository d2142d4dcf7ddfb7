using System.Net;
using System.Net.Sockets;
using MailGrid.Storage.Redis;
using MailGrid.Storage.Tests.Fixtures;
using StackExchange.Redis;

namespace MailGrid.Storage.Tests.Redis;

/// <summary>With no Redis listening, every store call reports <see cref="StorageUnavailableException"/>.</summary>
public sealed class RedisUnavailableTests : IAsyncLifetime
{
    private ConnectionMultiplexer? connection;

    public async Task InitializeAsync()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { IPAddress.Loopback, closedPort } },
            AbortOnConnectFail = false,
            ConnectTimeout = 200,
            BacklogPolicy = BacklogPolicy.FailFast,
        });
    }

    [Fact]
    public async Task Every_store_maps_connection_failures()
    {
        var keys = Stores.IsolatedRedisKeys();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => new RedisMessageStore(connection!, keys).SaveAsync(Samples.Message("m"), default));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => new RedisMailboxStore(connection!, keys).AppendAsync("a@b.test", Samples.MailboxEntry("m"), default));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => new RedisQueueStore(connection!, keys).UpsertAsync("b.test", Samples.QueueEntry("m", Samples.Epoch), default));
    }

    public async Task DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
