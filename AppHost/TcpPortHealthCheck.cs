using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailGrid.AppHost;

/// <summary>
/// Healthy once a TCP port on 127.0.0.1 accepts connections. An executable is "running" as soon as it is
/// spawned; dependants wait for this instead, so a silo never dials Redis before it listens.
/// </summary>
internal sealed class TcpPortHealthCheck(int port) : IHealthCheck
{
    /// <summary>Registers a check named <paramref name="name"/> with the AppHost's health checks; returns the name.</summary>
    public static string Register(IDistributedApplicationBuilder builder, string name, int port)
    {
        builder.Services.AddHealthChecks().AddCheck(name, new TcpPortHealthCheck(port));
        return name;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException exception)
        {
            return HealthCheckResult.Unhealthy($"127.0.0.1:{port} does not accept connections: {exception.SocketErrorCode}");
        }
    }
}
