using System.Text;

namespace MailGrid.Smtp.Protocol;

/// <summary>
/// ESMTP parameters after a path (RFC 5321 4.1.2): <c>esmtp-keyword ["=" esmtp-value]</c> separated by spaces.
/// Keywords are upper-cased; a value-less keyword maps to "".
/// </summary>
internal static class SmtpParameterParser
{
    public static bool TryParse(ReadOnlySpan<byte> input, out IReadOnlyDictionary<string, string> parameters)
    {
        parameters = SmtpCommand.NoParameters;
        Dictionary<string, string>? result = null;
        foreach (var range in input.Split((byte)' '))
        {
            var parameter = input[range];
            if (parameter.IsEmpty)
            {
                continue;
            }

            var equals = parameter.IndexOf((byte)'=');
            var keyword = equals < 0 ? parameter : parameter[..equals];
            var value = equals < 0 ? [] : parameter[(equals + 1)..];
            if (!IsKeyword(keyword) || (equals >= 0 && !IsValue(value)))
            {
                return false;
            }

            result ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (!result.TryAdd(Encoding.ASCII.GetString(keyword).ToUpperInvariant(), Encoding.ASCII.GetString(value)))
            {
                return false;
            }
        }

        if (result is not null)
        {
            parameters = result;
        }

        return true;
    }

    // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
    private static bool IsKeyword(ReadOnlySpan<byte> keyword) =>
        !keyword.IsEmpty && char.IsAsciiLetterOrDigit((char)keyword[0]) &&
        !keyword.ContainsAnyExcept(KeywordBytes);

    // esmtp-value = 1*(%d33-60 / %d62-126)
    private static bool IsValue(ReadOnlySpan<byte> value) =>
        !value.IsEmpty && !value.ContainsAnyExceptInRange((byte)33, (byte)126) && !value.Contains((byte)'=');

    private static readonly System.Buffers.SearchValues<byte> KeywordBytes =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"u8);
}
