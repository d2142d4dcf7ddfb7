using Microsoft.Extensions.Logging;

namespace MailGrid.Smtp.Session;

/// <summary>TLS and AUTH logs. Credentials are never logged, only the user name.</summary>
internal sealed partial class SmtpSession
{
    [LoggerMessage(30, LogLevel.Debug, "SMTP session {SessionId}: {Protocol} established with cipher {Cipher}")]
    private partial void LogTlsEstablished(string sessionId, string protocol, string cipher);

    [LoggerMessage(31, LogLevel.Information, "SMTP session {SessionId}: TLS handshake failed: {Reason}")]
    private partial void LogHandshakeFailed(string sessionId, string reason);

    [LoggerMessage(32, LogLevel.Warning, "SMTP session {SessionId}: no TLS certificate available, closing")]
    private partial void LogTlsUnavailable(string sessionId);

    // Debug: the accepted line of each message names the user; failures stay Warning.
    [LoggerMessage(33, LogLevel.Debug, "SMTP session {SessionId}: AUTH {Mechanism} succeeded for {UserName}")]
    private partial void LogAuthSucceeded(string sessionId, string mechanism, string userName);

    [LoggerMessage(34, LogLevel.Warning, "SMTP session {SessionId}: AUTH {Mechanism} failed for {UserName}")]
    private partial void LogAuthFailed(string sessionId, string mechanism, string userName);
}
