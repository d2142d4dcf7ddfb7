using System.Text;

namespace MailGrid.Net.Sasl;

/// <summary>The decoded SASL PLAIN message (RFC 4616): <c>[authzid] NUL authcid NUL passwd</c>, UTF-8.</summary>
public readonly record struct SaslPlainResponse(string AuthorizationId, string UserName, string Password)
{
    public static bool TryParse(ReadOnlySpan<byte> decoded, out SaslPlainResponse response)
    {
        response = default;
        var first = decoded.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }

        var rest = decoded[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second <= 0 || rest[(second + 1)..].Contains((byte)0))
        {
            return false;
        }

        var password = rest[(second + 1)..];
        if (password.IsEmpty)
        {
            return false;
        }

        response = new SaslPlainResponse(Encoding.UTF8.GetString(decoded[..first]), Encoding.UTF8.GetString(rest[..second]), Encoding.UTF8.GetString(password));
        return true;
    }
}
