using System.Net;
using MailGrid.Smtp.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp.Session;

/// <summary>Builds sessions with what they share: validated options, parsed trusted networks, telemetry, time.</summary>
internal sealed class SmtpSessionFactory(IOptions<SmtpServerOptions> options, SmtpTelemetry telemetry, TimeProvider time, ILoggerFactory loggers)
{
    private readonly SmtpServerOptions _options = options.Value;
    private readonly TrustedNetworks _trusted = new(options.Value.TrustedNetworks);
    private readonly ILogger _logger = loggers.CreateLogger<SmtpSession>();

    public SmtpSession Create(ConnectionContext connection, SmtpSessionSecurity security, ISmtpMessageHandler handler)
    {
        var remote = connection.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        var info = new SmtpSessionInfo
        {
            SessionId = connection.ConnectionId,
            RemoteEndPoint = remote,
            LocalEndPoint = connection.LocalEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0),
            ListenerName = security.Listener.Name,
            IsTrustedClient = _trusted.Contains(remote.Address),
        };
        var closeRequested = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        return new SmtpSession(connection.Transport, info, handler, _options, telemetry, time, _logger, closeRequested, connection.ConnectionClosed)
        {
            Security = security,
        };
    }
}
