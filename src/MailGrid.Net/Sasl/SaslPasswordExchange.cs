using System.Text;

namespace MailGrid.Net.Sasl;

/// <summary>
/// The server side of PLAIN (RFC 4616) and LOGIN, the same for SMTP AUTH, IMAP AUTHENTICATE and POP3 AUTH: asks what
/// the initial response did not give, decodes and checks the answers, and ends in credentials or a
/// <see cref="SaslFailure"/>. The protocol frames the challenges (<see cref="ISaslChallenger"/>) and verifies the result.
/// </summary>
public static class SaslPasswordExchange
{
    /// <summary>Runs <paramref name="mechanism"/> from its optional <paramref name="initialResponse"/> (as sent, base64 or <c>=</c>).</summary>
    public static ValueTask<SaslCredentials> RunAsync(SaslMechanism mechanism, string? initialResponse, ISaslChallenger challenger)
    {
        ArgumentNullException.ThrowIfNull(challenger);
        return mechanism == SaslMechanism.Plain ? PlainAsync(initialResponse, challenger) : LoginAsync(initialResponse, challenger);
    }

    private static async ValueTask<SaslCredentials> PlainAsync(string? initial, ISaslChallenger challenger)
    {
        var response = initial is null ? await challenger.ChallengeAsync(SaslChallenge.Empty) : SaslResponse.FromInitial(initial);
        if (response.Failure != SaslFailure.None)
        {
            return SaslCredentials.Failed(response.Failure);
        }

        if (!SaslPlainResponse.TryParse(response.Bytes, out var plain))
        {
            return SaslCredentials.Failed(SaslFailure.BadPlainResponse);
        }

        // Acting for another identity (authzid) is not supported: only the user itself may be named.
        return plain.AuthorizationId.Length > 0 && plain.AuthorizationId != plain.UserName
            ? SaslCredentials.Failed(SaslFailure.InvalidCredentials)
            : new SaslCredentials(SaslFailure.None, plain.UserName, plain.Password);
    }

    private static async ValueTask<SaslCredentials> LoginAsync(string? initial, ISaslChallenger challenger)
    {
        var user = initial is null ? await challenger.ChallengeAsync(SaslChallenge.UserName) : SaslResponse.FromInitial(initial);
        if (user.Failure != SaslFailure.None)
        {
            return SaslCredentials.Failed(user.Failure);
        }

        var password = await challenger.ChallengeAsync(SaslChallenge.Password);
        return password.Failure != SaslFailure.None ? SaslCredentials.Failed(password.Failure)
            : user.Bytes.Length == 0 ? SaslCredentials.Failed(SaslFailure.InvalidCredentials)
            : new SaslCredentials(SaslFailure.None, Encoding.UTF8.GetString(user.Bytes), Encoding.UTF8.GetString(password.Bytes));
    }
}
