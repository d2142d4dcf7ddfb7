namespace MailGrid.AppHost;

/// <summary>The account the AppHost's demo directory holds (documented in the README's "Run with Aspire").</summary>
internal static class DemoAccount
{
    public const string Address = "demo@example.test";

    /// <summary>
    /// PBKDF2 hash of the demo password <c>demo-password</c>, made with
    /// <c>echo -n demo-password | dotnet run --project src/MailGrid.Server -- hash-password</c>. It guards
    /// SMTP AUTH on listeners bound to 127.0.0.1 only; never reuse it outside the local demo.
    /// </summary>
    public const string PasswordHash = "$pbkdf2-sha256$i=210000$xieo+apHQJreiDX/cI8SzA$6olzGXLQGjhFc9xLtmNOF+Ilg1qCBKZq8GfktVSgxdU";
}
