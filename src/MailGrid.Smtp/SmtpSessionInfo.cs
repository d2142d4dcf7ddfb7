using System.Net;

namespace MailGrid.Smtp;

/// <summary>What a message handler may know about the SMTP session it serves.</summary>
public sealed class SmtpSessionInfo
{
    public required string SessionId { get; init; }
    public required IPEndPoint RemoteEndPoint { get; init; }
    public required IPEndPoint LocalEndPoint { get; init; }

    /// <summary>Name of the listener the client connected to (e.g. "mx", "submission").</summary>
    public required string ListenerName { get; init; }

    /// <summary>True when the client's address is in the configured trusted networks (Postfix's mynetworks).</summary>
    public required bool IsTrustedClient { get; init; }

    public string? HeloName { get; internal set; }
    public bool IsExtended { get; internal set; }
    public bool IsSecure { get; internal set; }
    public string? AuthenticatedUser { get; internal set; }

    /// <summary>The negotiated TLS version ("TLSv1.2", "TLSv1.3") once the session is secure, else null.</summary>
    public string? TlsProtocol { get; internal set; }

    /// <summary>The negotiated cipher suite (e.g. "TLS_AES_256_GCM_SHA384") once the session is secure, else null.</summary>
    public string? TlsCipher { get; internal set; }
}
