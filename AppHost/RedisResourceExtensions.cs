using System.Globalization;

namespace MailGrid.AppHost;

/// <summary>Redis as a container where an engine exists, else a local <c>redis-server</c> process.</summary>
internal static class RedisResourceExtensions
{
    private const string Name = "redis";

    public static MailGridRedis AddMailGridRedis(this IDistributedApplicationBuilder builder, AppHostOptions options, string dataRoot)
    {
        if (options.UseRedisContainer)
        {
            // Plain TCP like the executable: with Aspire's dev certificate Redis would switch to TLS (ssl=true),
            // which the silos' StackExchange.Redis only accepts once that certificate is trusted.
#pragma warning disable ASPIRECERTIFICATES001 // evaluation API; the only switch for Redis' TLS in 13.6
            var container = builder.AddRedis(Name, options.RedisPort).WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001
            return new MailGridRedis(container, container);
        }

        // No container engine: redis-server from the machine (apt-get install redis-server), loopback only,
        // nothing persisted (a fresh cluster every run, as a fresh container would be).
        var port = options.RedisPort.ToString(CultureInfo.InvariantCulture);
        var workingDirectory = Path.Combine(dataRoot, "redis");
        Directory.CreateDirectory(workingDirectory);
        var healthCheck = TcpPortHealthCheck.Register(builder, $"{Name}-server-tcp", options.RedisPort);
        var server = builder.AddExecutable($"{Name}-server", "redis-server", workingDirectory,
                "--bind", "127.0.0.1", "--port", port, "--save", "", "--appendonly", "no")
            .WithHealthCheck(healthCheck);
        var connectionString = builder.AddConnectionString(Name, ReferenceExpression.Create($"127.0.0.1:{port}"));
        return new MailGridRedis(connectionString, server);
    }

    /// <summary>Gives a MailGrid process <c>ConnectionStrings__redis</c> and starts it once Redis answers.</summary>
    public static IResourceBuilder<ProjectResource> WithMailGridRedis(this IResourceBuilder<ProjectResource> project, MailGridRedis redis)
        => project.WithReference(redis.ConnectionString).WaitFor(redis.Server);
}
