using System.Text;
using System.Text.Unicode;

namespace MailGrid.Smtp.Protocol;

/// <summary>
/// ESMTP parameters after a path (RFC 5321 4.1.2): <c>esmtp-keyword ["=" esmtp-value]</c> separated by spaces.
/// Keywords are upper-cased; a value-less keyword maps to "". Values may hold UTF-8 (RFC 6531 3.3 adds
/// UTF8-non-ascii to esmtp-value); a keyword given twice is an error.
/// </summary>
internal static class SmtpParameterParser
{
    /// <summary>Parses the parameters; on failure <paramref name="error"/> is the text of the 501 reply.</summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out IReadOnlyDictionary<string, string> parameters, out string? error)
    {
        parameters = SmtpCommand.NoParameters;
        error = null;
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
                error = "Syntax: invalid ESMTP parameter";
                return false;
            }

            result ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var name = Encoding.ASCII.GetString(keyword).ToUpperInvariant();
            if (!result.TryAdd(name, Encoding.UTF8.GetString(value)))
            {
                error = $"Error: duplicate parameter {name}";
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

    // esmtp-value = 1*(%d33-60 / %d62-126 / UTF8-non-ascii)
    private static bool IsValue(ReadOnlySpan<byte> value) =>
        !value.IsEmpty && !value.ContainsAnyExceptInRange((byte)33, (byte)255) && !value.Contains((byte)'=') &&
        !value.Contains((byte)127) && Utf8.IsValid(value);

    private static readonly System.Buffers.SearchValues<byte> KeywordBytes =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"u8);
}
