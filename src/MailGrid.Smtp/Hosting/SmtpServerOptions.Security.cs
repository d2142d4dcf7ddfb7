using MailGrid.Net.Tls;

namespace MailGrid.Smtp;

/// <summary>TLS, AUTH, connection limits and shutdown settings (same "MailGrid:Smtp" section).</summary>
public sealed partial class SmtpServerOptions
{
    /// <summary>
    /// The server certificate as SMTP configured it before every protocol shared one ("MailGrid:Smtp:Tls"): still read,
    /// and used for whatever the shared "MailGrid:Tls" leaves unset. With none configured a self-signed one is generated at start.
    /// </summary>
    public TlsCertificateOptions Tls { get; set; } = new();

    /// <summary>
    /// Offer and accept AUTH on sessions without TLS. Default false: AUTH is advertised only after STARTTLS or on
    /// implicit TLS, and an AUTH on a plain session is answered <c>538 5.7.11</c> (RFC 4954 4).
    /// </summary>
    public bool AllowInsecureAuth { get; set; }

    /// <summary>Pause before answering a failed AUTH, to slow password guessing. Default 1 second; zero disables it.</summary>
    public TimeSpan AuthFailureDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most concurrent SMTP connections of this process; more are answered <c>421 4.7.0</c> and closed. Default 1000.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>Most concurrent SMTP connections from one client IP address; more are answered <c>421 4.7.0</c> and closed. Default 20.</summary>
    public int MaxConnectionsPerClient { get; set; } = 20;

    /// <summary>
    /// Longest a session may last, however busy the client keeps it; then <c>421 4.4.2</c> and close. Bounds slow
    /// clients that trickle bytes just inside the per-read timeouts. Default 30 minutes.
    /// </summary>
    public TimeSpan MaxSessionDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// On host shutdown, how long a session in the middle of a mail transaction may take to finish it; idle sessions
    /// get <c>421 4.3.2</c> at once. Default 30 seconds. The host's <c>HostOptions.ShutdownTimeout</c> is raised to at
    /// least this plus 5 seconds, because Kestrel aborts every connection when that expires.
    /// </summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
