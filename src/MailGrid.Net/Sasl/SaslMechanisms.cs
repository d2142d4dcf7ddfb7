namespace MailGrid.Net.Sasl;

/// <summary>Names of the <see cref="SaslMechanism"/>s on the wire.</summary>
public static class SaslMechanisms
{
    /// <summary>The mechanism list as advertised (SMTP <c>AUTH PLAIN LOGIN</c>, IMAP <c>AUTH=PLAIN AUTH=LOGIN</c>).</summary>
    public static IReadOnlyList<string> Names { get; } = ["PLAIN", "LOGIN"];

    /// <summary>Reads a mechanism name as the client sent it (case-insensitive, RFC 4422 3.1).</summary>
    public static bool TryParse(string name, out SaslMechanism mechanism)
    {
        if (string.Equals(name, "PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            mechanism = SaslMechanism.Plain;
            return true;
        }

        mechanism = SaslMechanism.Login;
        return string.Equals(name, "LOGIN", StringComparison.OrdinalIgnoreCase);
    }
}
