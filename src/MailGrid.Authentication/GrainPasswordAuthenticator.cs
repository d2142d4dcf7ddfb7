using System.Net;
using MailGrid.Accounts;
using MailGrid.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace MailGrid.Authentication;

/// <summary>
/// Password logins (SMTP AUTH, later IMAP and POP3) against the directory grain. The grain hands out the password
/// hash and this front-end-side class runs the KDF: no clear password travels inside the cluster, and the CPU cost
/// of hashing lands on the horizontally scaled ingress, not on the single directory grain.
/// </summary>
public sealed partial class GrainPasswordAuthenticator(
    IGrainFactory grains,
    IOptionsMonitor<PasswordAuthenticationOptions> options,
    ILogger<GrainPasswordAuthenticator> logger) : IPasswordAuthenticator
{
    // Unknown users cost one KDF run too, so the reply time does not tell which user names exist.
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHasher.Hash(Guid.NewGuid().ToString("N")));

    public async ValueTask<string?> AuthenticateAsync(string userName, string password, IPEndPoint remoteEndPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        var login = string.IsNullOrWhiteSpace(userName)
            ? null
            : await grains.GetGrain<IDirectoryGrain>(0).GetLoginAsync(userName).WaitAsync(options.CurrentValue.DirectoryTimeout, cancellationToken);

        var verified = PasswordHasher.Verify(password, login?.PasswordHash ?? DecoyHash.Value) && login?.PasswordHash is not null;
        if (!verified)
        {
            LogAuthenticationFailed(logger, userName, remoteEndPoint.Address.ToString(), login is null ? "no such account" : login.PasswordHash is null ? "account has no password" : "wrong password");
            return null;
        }

        LogAuthenticated(logger, login!.Address, remoteEndPoint.Address.ToString());
        return login.Address;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "AUTH as {User} from {Client} succeeded")]
    private static partial void LogAuthenticated(ILogger logger, string user, string client);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AUTH as {User} from {Client} failed: {Reason}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string user, string client, string reason);
}
