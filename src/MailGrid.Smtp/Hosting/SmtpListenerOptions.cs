namespace MailGrid.Smtp;

/// <summary>One TCP endpoint the SMTP engine listens on.</summary>
public sealed class SmtpListenerOptions
{
    /// <summary>Name the session reports as <see cref="SmtpSessionInfo.ListenerName"/> (e.g. "mx", "submission"). Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>IP address to bind; "Any" (the default) or empty binds every IPv4 and IPv6 address.</summary>
    public string Address { get; set; } = "Any";

    /// <summary>TCP port, 1..65535 (0 picks a free port, for tests). Default 2525.</summary>
    public int Port { get; set; } = SmtpServerOptions.DefaultPort;

    /// <summary>TLS on this listener. Default <see cref="SmtpTlsMode.StartTls"/>.</summary>
    public SmtpTlsMode Tls { get; set; } = SmtpTlsMode.StartTls;

    /// <summary>Clients must authenticate before MAIL (a submission listener, RFC 6409). Default false.</summary>
    public bool RequireAuth { get; set; }
}
