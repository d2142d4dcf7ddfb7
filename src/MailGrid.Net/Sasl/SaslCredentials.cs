namespace MailGrid.Net.Sasl;

/// <summary>What a password exchange came to: a user name and password to verify, or why there are none.</summary>
public readonly record struct SaslCredentials(SaslFailure Failure, string? UserName, string? Password)
{
    public static SaslCredentials Failed(SaslFailure failure) => new(failure, null, null);
}
