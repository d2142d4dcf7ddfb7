namespace MailGrid.Net.Sasl;

/// <summary>How a password exchange ended without credentials; each protocol words its own reply.</summary>
public enum SaslFailure
{
    /// <summary>Credentials were read.</summary>
    None,

    /// <summary>The client answered a challenge with <c>*</c> (RFC 4954 4, RFC 3501 6.2.2, RFC 5034 4).</summary>
    Cancelled,

    /// <summary>A response was not base64.</summary>
    BadBase64,

    /// <summary>A PLAIN response was not <c>[authzid] NUL user NUL password</c>.</summary>
    BadPlainResponse,

    /// <summary>Well-formed, but no valid credentials: an empty LOGIN user, or a PLAIN authzid other than the user.</summary>
    InvalidCredentials,

    /// <summary>A response line was over the protocol's limit.</summary>
    LineTooLong,

    /// <summary>The client left during the exchange.</summary>
    Disconnected,
}
