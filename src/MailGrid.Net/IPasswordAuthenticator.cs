using System.Net;

namespace MailGrid.Net;

/// <summary>
/// Checks a user name and password, whichever protocol carried them (SMTP AUTH, later IMAP LOGIN/AUTHENTICATE and
/// POP3 USER/PASS). The protocol owns the exchange (SASL, decoding, the TLS requirement); this only verifies.
/// </summary>
public interface IPasswordAuthenticator
{
    /// <summary>The canonical identity on success, or null when the credentials are not valid.</summary>
    /// <param name="userName">The user name as the client sent it.</param>
    /// <param name="password">The clear password; never logged.</param>
    /// <param name="remoteEndPoint">The client, for logs and any per-client policy.</param>
    /// <param name="cancellationToken">Cancelled when the client leaves.</param>
    ValueTask<string?> AuthenticateAsync(string userName, string password, IPEndPoint remoteEndPoint, CancellationToken cancellationToken);
}
