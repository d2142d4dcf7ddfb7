using MailGrid.Net.Sasl;

namespace MailGrid.Smtp.Session;

/// <summary>Replies of STARTTLS (RFC 3207), AUTH (RFC 4954) and the connection limits.</summary>
internal static class SmtpSecurityReplies
{
    public static readonly SmtpResponse ReadyToStartTls = new(220, "2.0.0", "Ready to start TLS");
    public static readonly SmtpResponse StartTlsSyntax = new(501, "5.5.4", "Syntax: STARTTLS");
    public static readonly SmtpResponse AlreadySecure = new(503, "5.5.1", "Error: TLS already active");
    public static readonly SmtpResponse StartTlsNotOffered = new(502, "5.5.1", "Error: command not implemented");
    public static readonly SmtpResponse TlsUnavailable = new(454, "4.7.0", "TLS not available due to temporary reason");
    public static readonly SmtpResponse AuthNotOffered = new(502, "5.5.1", "Error: authentication not enabled");
    public static readonly SmtpResponse AlreadyAuthenticated = new(503, "5.5.1", "Error: already authenticated");
    public static readonly SmtpResponse EncryptionRequired = new(538, "5.7.11", "Encryption required for requested authentication mechanism");
    public static readonly SmtpResponse AuthSyntax = new(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
    public static readonly SmtpResponse UnknownMechanism = new(504, "5.5.4", "Unrecognized authentication type");
    public static readonly SmtpResponse BadBase64 = new(501, "5.5.2", "Cannot Base64-decode client response");
    public static readonly SmtpResponse BadPlainResponse = new(501, "5.5.2", "Invalid PLAIN response");
    public static readonly SmtpResponse AuthCancelled = new(501, "5.0.0", "Authentication cancelled");
    public static readonly SmtpResponse AuthFailed = new(535, "5.7.8", "Authentication credentials invalid");
    public static readonly SmtpResponse AuthSucceeded = new(235, "2.7.0", "Authentication successful");
    public static readonly SmtpResponse AuthTemporaryFailure = new(454, "4.7.0", "Temporary authentication failure");
    public static readonly SmtpResponse AuthLineTooLong = new(500, "5.5.6", "Authentication exchange line is too long");
    public static readonly SmtpResponse AuthRequired = new(530, "5.7.0", "Authentication required");
    public static readonly SmtpResponse EmptyChallenge = new(334, "", SaslChallenges.Base64Of(SaslChallenge.Empty));
    public static readonly SmtpResponse UsernameChallenge = new(334, "", SaslChallenges.Base64Of(SaslChallenge.UserName));
    public static readonly SmtpResponse PasswordChallenge = new(334, "", SaslChallenges.Base64Of(SaslChallenge.Password));

    public static SmtpResponse TooManyConnections(string hostname) => new(421, "4.7.0", $"{hostname} Error: too many connections");
}
