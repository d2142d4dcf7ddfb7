using MailGrid.Testing;
using StackExchange.Redis;

namespace MailGrid.Storage.Tests.Fixtures;

/// <summary>
/// A real redis-server (the shared <see cref="RedisServer"/> fixture) plus a connection to it, for the
/// duration of a test collection. Fails with a clear message when redis-server is not installed.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? server;
    private ConnectionMultiplexer? connection;

    public int Port => Server.Port;

    public string ConnectionString => Server.ConnectionString;

    public IConnectionMultiplexer Connection => connection ?? throw new InvalidOperationException("Redis fixture not started.");

    private RedisServer Server => server ?? throw new InvalidOperationException("Redis fixture not started.");

    public async Task InitializeAsync()
    {
        server = await RedisServer.StartAsync();
        connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", server.Port } },
            AbortOnConnectFail = true,
            ConnectTimeout = 5000,
        });
    }

    public async Task DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
