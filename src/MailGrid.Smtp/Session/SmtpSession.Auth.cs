using MailGrid.Net;
using MailGrid.Net.Connections;
using MailGrid.Net.Sasl;
using MailGrid.Smtp.Protocol;

namespace MailGrid.Smtp.Session;

/// <summary>
/// AUTH PLAIN and LOGIN (RFC 4954) and the submission rule "no MAIL before AUTH". The SASL exchange itself is the
/// shared <see cref="SaslPasswordExchange"/>; this frames its challenges as <c>334</c> replies and words its outcomes.
/// </summary>
internal sealed partial class SmtpSession : ISaslChallenger
{
    private bool AuthOffered => Security.Authenticator is not null && (Info.IsSecure || _options.AllowInsecureAuth);

    /// <summary>The EHLO lines for STARTTLS and AUTH, as far as this session may use them now.</summary>
    private IEnumerable<string> SecurityExtensions()
    {
        if (StartTlsOffered && Security.Certificates.IsAvailable)
        {
            yield return "STARTTLS";
        }

        if (AuthOffered)
        {
            yield return "AUTH PLAIN LOGIN";
        }
    }

    /// <summary><c>530 5.7.0</c> for MAIL on a listener that requires AUTH, before the client authenticated.</summary>
    private SmtpResponse? RefusedBeforeAuth(SmtpCommand command) =>
        command.Verb == SmtpVerb.Mail && Security.Listener.RequireAuth && Info.AuthenticatedUser is null ? SmtpSecurityReplies.AuthRequired : null;

    private async ValueTask AuthAsync(SmtpCommand command)
    {
        if (Security.Authenticator is not { } authenticator)
        {
            ReplyError(SmtpSecurityReplies.AuthNotOffered);
            return;
        }

        if (Info.AuthenticatedUser is not null)
        {
            ReplyError(SmtpSecurityReplies.AlreadyAuthenticated);
            return;
        }

        if (!Info.IsSecure && !_options.AllowInsecureAuth)
        {
            ReplyError(SmtpSecurityReplies.EncryptionRequired);
            return;
        }

        var words = command.Argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 2)
        {
            ReplyError(SmtpSecurityReplies.AuthSyntax);
            return;
        }

        var mechanismName = words[0].ToUpperInvariant();
        if (!SaslMechanisms.TryParse(mechanismName, out var mechanism))
        {
            ReplyError(SmtpSecurityReplies.UnknownMechanism);
            return;
        }

        var credentials = await SaslPasswordExchange.RunAsync(mechanism, words.Length == 2 ? words[1] : null, this);
        if (credentials.Failure != SaslFailure.None)
        {
            if (!_closing)
            {
                ReplyError(ReplyTo(credentials.Failure));
            }

            return;
        }

        await VerifyAsync(authenticator, mechanismName, credentials.UserName!, credentials.Password!);
    }

    private async ValueTask VerifyAsync(IPasswordAuthenticator authenticator, string mechanism, string userName, string password)
    {
        string? identity;
        try
        {
            identity = await authenticator.AuthenticateAsync(userName, password, Info.RemoteEndPoint, _aborted);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            LogHandlerFailed(ex, Info.SessionId, "AUTH");
            Reply(SmtpSecurityReplies.AuthTemporaryFailure);
            return;
        }

        Security.Telemetry.Auth(mechanism, identity is not null);
        if (identity is null)
        {
            LogAuthFailed(Info.SessionId, mechanism, userName);
            if (_options.AuthFailureDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.AuthFailureDelay, _time, _aborted);
            }

            ReplyError(SmtpSecurityReplies.AuthFailed);
            return;
        }

        Info.AuthenticatedUser = identity;
        LogAuthSucceeded(Info.SessionId, mechanism, identity);
        Reply(SmtpSecurityReplies.AuthSucceeded);
    }

    /// <summary>Sends a 334 challenge and reads the client's base64 answer (RFC 4954 4).</summary>
    async ValueTask<SaslResponse> ISaslChallenger.ChallengeAsync(SaslChallenge challenge)
    {
        Reply(challenge switch
        {
            SaslChallenge.UserName => SmtpSecurityReplies.UsernameChallenge,
            SaslChallenge.Password => SmtpSecurityReplies.PasswordChallenge,
            _ => SmtpSecurityReplies.EmptyChallenge,
        });
        var outcome = await _lines.ReadLineAsync(_options.CommandTimeout, longLine: true);
        if (outcome == LineReader.Outcome.EndOfInput)
        {
            _closing = true;
            return SaslResponse.Disconnected;
        }

        return outcome == LineReader.Outcome.TooLong ? SaslResponse.TooLong : SaslResponse.FromLine(_lines.Line);
    }

    private static SmtpResponse ReplyTo(SaslFailure failure) => failure switch
    {
        SaslFailure.BadBase64 => SmtpSecurityReplies.BadBase64,
        SaslFailure.BadPlainResponse => SmtpSecurityReplies.BadPlainResponse,
        SaslFailure.InvalidCredentials => SmtpSecurityReplies.AuthFailed,
        SaslFailure.LineTooLong => SmtpSecurityReplies.AuthLineTooLong,
        _ => SmtpSecurityReplies.AuthCancelled,
    };
}
