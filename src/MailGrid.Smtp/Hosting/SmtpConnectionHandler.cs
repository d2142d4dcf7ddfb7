using System.Net;
using MailGrid.Net;
using MailGrid.Net.Connections;
using MailGrid.Net.Tls;
using MailGrid.Smtp.Session;
using MailGrid.Smtp.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>
/// Kestrel's entry point: one <see cref="SmtpSession"/> per accepted connection. Put it on an endpoint with
/// <see cref="SmtpListenOptionsExtensions.UseMailGridSmtp(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions, string)"/>
/// (or <c>listenOptions.UseConnectionHandler&lt;SmtpConnectionHandler&gt;()</c>, which reports the listener as "mx").
/// Connections over the limits, or arriving while the host stops, get a 421 instead of the greeting.
/// </summary>
public sealed class SmtpConnectionHandler : ConnectionHandler
{
    private readonly IServiceScopeFactory scopes;
    private readonly SmtpSessionFactory sessions;
    private readonly ConnectionLimiter limiter;
    private readonly TlsCertificateProvider certificates;
    private readonly SmtpSecurityTelemetry telemetry;
    private readonly SmtpServerOptions options;
    private readonly CancellationToken stopping;

    internal SmtpConnectionHandler(IServiceProvider services)
    {
        scopes = services.GetRequiredService<IServiceScopeFactory>();
        sessions = services.GetRequiredService<SmtpSessionFactory>();
        certificates = services.GetRequiredService<TlsCertificateProvider>();
        telemetry = services.GetRequiredService<SmtpSecurityTelemetry>();
        options = services.GetRequiredService<IOptions<SmtpServerOptions>>().Value;

        // SMTP's own slots: other protocols of the process count theirs apart.
        limiter = new ConnectionLimiter(options.MaxConnections, options.MaxConnectionsPerClient);
        stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
    }

    /// <inheritdoc />
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // A scope per session lets hosts register the message handler (and authenticator) as scoped or singleton.
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<ISmtpMessageHandler>();
        var client = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        SmtpResponse? refusal = null;
        ConnectionLimiter.Lease? lease = null;
        if (stopping.IsCancellationRequested)
        {
            // The host is stopping but Kestrel has not unbound yet: say so rather than start a session.
            refusal = SmtpReplies.ShuttingDown(options.Hostname);
            telemetry.Refused("shutting_down");
        }
        else
        {
            lease = limiter.TryAcquire(client, out var limit);
            if (lease is null)
            {
                refusal = SmtpSecurityReplies.TooManyConnections(options.Hostname);
                telemetry.Refused(limit == ConnectionLimiter.Refusal.TotalLimit ? "max_connections" : "max_connections_per_client");
            }
        }

        using (lease)
        {
            var security = new SmtpSessionSecurity
            {
                Listener = ListenerOf(connection),
                Certificates = certificates,
                Telemetry = telemetry,
                Authenticator = scope.ServiceProvider.GetService<IPasswordAuthenticator>(),
                Refusal = refusal,
            };
            await using var session = sessions.Create(connection, security, handler);
            await session.RunAsync();
        }
    }

    private SmtpListenerOptions ListenerOf(ConnectionContext connection)
    {
        if (connection.Items.TryGetValue(SmtpListenOptionsExtensions.ListenerKey, out var value) && value is SmtpListenerOptions listener)
        {
            return listener;
        }

        var name = connection.Items.TryGetValue(SmtpListenOptionsExtensions.ListenerNameKey, out var n) && n is string s ? s : "mx";
        return options.Listeners.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? new SmtpListenerOptions { Name = name };
    }
}
