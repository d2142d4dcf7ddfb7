using MailGrid.Net;
using MailGrid.Net.Tls;
using MailGrid.Smtp.Telemetry;

namespace MailGrid.Smtp.Session;

/// <summary>What one session needs for TLS, AUTH and being refused at accept.</summary>
internal sealed class SmtpSessionSecurity
{
    public required SmtpListenerOptions Listener { get; init; }

    public required TlsCertificateProvider Certificates { get; init; }

    public required SmtpSecurityTelemetry Telemetry { get; init; }

    /// <summary>Null when the host registered none: AUTH is then neither advertised nor accepted.</summary>
    public IPasswordAuthenticator? Authenticator { get; init; }

    /// <summary>Set when the connection is refused at accept (limits, shutdown): sent instead of the greeting.</summary>
    public SmtpResponse? Refusal { get; init; }
}
