namespace MailGrid.Api;

/// <summary>Body of <c>PUT /api/accounts/{address}</c>.</summary>
/// <param name="Aliases">Addresses that deliver into the account (and that it may send as).</param>
/// <param name="Password">
/// Optional SMTP AUTH password: hashed by the API before it goes anywhere, never stored or logged in clear.
/// Absent (null) keeps the current password; "" removes it.
/// </param>
public sealed record AccountRequest(string[]? Aliases, string? Password = null)
{
    /// <summary>Keeps the password out of logs and exception messages that print the record.</summary>
    public override string ToString() => $"AccountRequest {{ Aliases = [{string.Join(", ", Aliases ?? [])}], Password = {(Password is null ? "(unchanged)" : "***")} }}";
}
