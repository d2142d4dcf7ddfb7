using System.Buffers;
using System.Buffers.Text;
using System.Text;
using MailGrid.Smtp.Protocol;
using MailGrid.Smtp.Security;

namespace MailGrid.Smtp.Session;

/// <summary>AUTH PLAIN and LOGIN (RFC 4954, RFC 4616) and the submission rule "no MAIL before AUTH".</summary>
internal sealed partial class SmtpSession
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

        var mechanism = words[0].ToUpperInvariant();
        var initial = words.Length == 2 ? words[1] : null;
        var exchange = mechanism switch
        {
            "PLAIN" => await PlainAsync(initial),
            "LOGIN" => await LoginAsync(initial),
            _ => SaslExchange.Fail(SmtpSecurityReplies.UnknownMechanism),
        };
        if (exchange.Error is { } error)
        {
            if (!_closing)
            {
                ReplyError(error);
            }

            return;
        }

        await VerifyAsync(authenticator, mechanism, exchange.UserName!, exchange.Password!);
    }

    private async ValueTask VerifyAsync(ISmtpAuthenticator authenticator, string mechanism, string userName, string password)
    {
        string? identity;
        try
        {
            identity = await authenticator.AuthenticateAsync(Info, userName, password, _aborted);
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

    private async ValueTask<SaslExchange> PlainAsync(string? initial)
    {
        var response = initial is null ? await ChallengeAsync(SmtpSecurityReplies.EmptyChallenge) : Decode(initial);
        if (response.Error is not null)
        {
            return response;
        }

        if (!SaslPlainResponse.TryParse(response.Bytes, out var plain))
        {
            return SaslExchange.Fail(SmtpSecurityReplies.BadPlainResponse);
        }

        // Acting for another identity (authzid) is not supported: only the user itself may be named.
        return plain.AuthorizationId.Length > 0 && plain.AuthorizationId != plain.UserName
            ? SaslExchange.Fail(SmtpSecurityReplies.AuthFailed)
            : SaslExchange.Credentials(plain.UserName, plain.Password);
    }

    private async ValueTask<SaslExchange> LoginAsync(string? initial)
    {
        var user = initial is null ? await ChallengeAsync(SmtpSecurityReplies.UsernameChallenge) : Decode(initial);
        if (user.Error is not null)
        {
            return user;
        }

        var password = await ChallengeAsync(SmtpSecurityReplies.PasswordChallenge);
        return password.Error is not null ? password
            : user.Bytes.Length == 0 ? SaslExchange.Fail(SmtpSecurityReplies.AuthFailed)
            : SaslExchange.Credentials(Encoding.UTF8.GetString(user.Bytes), Encoding.UTF8.GetString(password.Bytes));
    }

    /// <summary>Sends a 334 challenge and reads the client's base64 answer (RFC 4954 4).</summary>
    private async ValueTask<SaslExchange> ChallengeAsync(SmtpResponse challenge)
    {
        Reply(challenge);
        var outcome = await _lines.ReadLineAsync(_options.CommandTimeout, saslResponse: true);
        if (outcome == SmtpLineReader.Outcome.EndOfInput)
        {
            _closing = true;
            return SaslExchange.Fail(SmtpSecurityReplies.AuthCancelled);
        }

        return outcome == SmtpLineReader.Outcome.TooLong
            ? SaslExchange.Fail(SmtpSecurityReplies.AuthLineTooLong)
            : _lines.Line is [(byte)'*'] ? SaslExchange.Fail(SmtpSecurityReplies.AuthCancelled)
            : Decode(_lines.Line);
    }

    private static SaslExchange Decode(string text) => text == "=" ? SaslExchange.Empty : Decode(Encoding.ASCII.GetBytes(text));

    private static SaslExchange Decode(ReadOnlySpan<byte> base64)
    {
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        return Base64.DecodeFromUtf8(base64, decoded, out var consumed, out var written) == OperationStatus.Done && consumed == base64.Length
            ? SaslExchange.Decoded(decoded[..written])
            : SaslExchange.Fail(SmtpSecurityReplies.BadBase64);
    }

    /// <summary>One step of a SASL exchange: decoded bytes, credentials, or the reply that ends it.</summary>
    private readonly record struct SaslExchange(SmtpResponse? Error, byte[] Bytes, string? UserName, string? Password)
    {
        public static SaslExchange Empty { get; } = new(null, [], null, null);

        public static SaslExchange Fail(SmtpResponse error) => new(error, [], null, null);

        public static SaslExchange Decoded(byte[] bytes) => new(null, bytes, null, null);

        public static SaslExchange Credentials(string userName, string password) => new(null, [], userName, password);
    }
}
