using System.Net;

namespace MailGrid.Smtp;

/// <summary>
/// Settings of the ESMTP engine, bound from the configuration section <see cref="SectionName"/> ("MailGrid:Smtp").
/// </summary>
/// <remarks>
/// Message body policy (applies to DATA):
/// <list type="bullet">
/// <item>Only <c>CRLF . CRLF</c> ends the data. A bare LF is normalised: stored as CRLF (as Postfix 3.9's default
/// <c>smtpd_forbid_bare_newline = normalize</c>), but it does not start a new line for the protocol:
/// <c>LF . CRLF</c> neither ends the data nor is dot-unstuffed. This closes the "SMTP smuggling" ambiguity (a
/// downstream MTA can never see an end of data we did not see: relayed copies are dot-stuffed again).</item>
/// <item>Bare CR and NUL bytes are accepted and stored unchanged.</item>
/// <item>A body line (counted up to its LF) longer than <see cref="MaxTextLineLength"/> rejects the message with
/// <c>554 5.6.0</c> after the terminating dot.</item>
/// <item>BDAT chunks (RFC 3030) are binary: stored exactly as sent, none of the rules above apply to them.</item>
/// </list>
/// </remarks>
public sealed partial class SmtpServerOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "MailGrid:Smtp";

    /// <summary>The port of the default listener.</summary>
    public const int DefaultPort = 2525;

    /// <summary>Default port of the submission listener (the role of 587, RFC 6409).</summary>
    public const int DefaultSubmissionPort = 5587;

    /// <summary>Default port of the implicit-TLS submission listener (the role of 465, RFC 8314).</summary>
    public const int DefaultImplicitTlsPort = 5465;

    /// <summary>Name in the greeting, EHLO reply and Received header. Default: <see cref="Dns.GetHostName"/>.</summary>
    public string Hostname { get; set; } = Dns.GetHostName();

    /// <summary>
    /// Listeners to open. When none is configured, one listener named "mx" on port 2525, any address, is used
    /// (filled in after binding so configured lists replace the default instead of appending to it).
    /// </summary>
    public List<SmtpListenerOptions> Listeners { get; set; } = [];

    /// <summary>Largest accepted message in bytes (unstuffed body, without our Received header); advertised as SIZE. Default 25 MiB.</summary>
    public long MaxMessageSize { get; set; } = 25L * 1024 * 1024;

    /// <summary>Most accepted RCPT TO per transaction; more are answered <c>452 4.5.3</c>. Default 1000.</summary>
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>
    /// Longest command line in bytes including CRLF. Default 2048: RFC 5321 4.5.3.1.4 says 512, but ESMTP
    /// parameters (RFC 1869 allows each extension to grow the line) and long addresses need more.
    /// </summary>
    public int MaxCommandLineLength { get; set; } = 2048;

    /// <summary>
    /// Longest body line in bytes including its line ending; 0 disables the check. Default 8192: RFC 5321
    /// 4.5.3.1.6 says 1000, but real senders exceed it and rejecting their mail helps nobody.
    /// </summary>
    public int MaxTextLineLength { get; set; } = 8192;

    /// <summary>How long the server waits for a command line. Default 5 minutes (RFC 5321 4.5.3.2.7).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the server waits for each chunk of DATA. Default 10 minutes (RFC 5321 4.5.3.2.6).</summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Client errors (syntax, sequence, unknown commands) tolerated per session before <c>421 4.7.0</c> and close. Default 20.</summary>
    public int MaxErrors { get; set; } = 20;

    /// <summary>
    /// CIDR networks whose clients are trusted (<see cref="SmtpSessionInfo.IsTrustedClient"/>), parsed with
    /// <see cref="IPNetwork.Parse(string)"/>. When none is configured: 127.0.0.0/8 and ::1/128.
    /// </summary>
    public List<string> TrustedNetworks { get; set; } = [];

    /// <summary>The trusted networks used when none is configured.</summary>
    public static IReadOnlyList<string> DefaultTrustedNetworks { get; } = ["127.0.0.0/8", "::1/128"];
}
