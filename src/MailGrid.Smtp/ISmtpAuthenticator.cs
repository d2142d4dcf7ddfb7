namespace MailGrid.Smtp;

/// <summary>
/// Checks SMTP AUTH credentials (RFC 4954). The engine owns the SASL exchange (PLAIN, LOGIN), decoding and
/// the TLS requirement; the authenticator only verifies a user name and password.
/// </summary>
public interface ISmtpAuthenticator
{
    /// <summary>The canonical identity on success (becomes <see cref="SmtpSessionInfo.AuthenticatedUser"/>), or null.</summary>
    ValueTask<string?> AuthenticateAsync(SmtpSessionInfo session, string userName, string password, CancellationToken cancellationToken);
}
