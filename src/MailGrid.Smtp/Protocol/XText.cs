using System.Globalization;
using System.Text;

namespace MailGrid.Smtp.Protocol;

/// <summary>
/// The encodings of DSN parameter values: RFC 3461 4 xtext (<c>+XX</c> hex escapes) and, for ORCPT with
/// addr-type "utf-8", RFC 6533 3 utf-8-addr-xtext/unitext (<c>\x{HEX}</c> escapes, raw UTF-8 allowed).
/// </summary>
internal static class XText
{
    /// <summary>
    /// xtext = *( xchar / hexchar ); xchar = %d33-126 except "+" and "="; hexchar = "+" 2(DIGIT / "A".."F").
    /// Only decodings made of printable ASCII (and space) are accepted: every user of xtext here carries text.
    /// </summary>
    public static bool TryDecode(string value, out string decoded)
    {
        decoded = "";
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '+')
            {
                if (i + 2 >= value.Length || !IsUpperHex(value[i + 1]) || !IsUpperHex(value[i + 2]))
                {
                    return false;
                }

                c = (char)int.Parse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                i += 2;
                if (c is < ' ' or > '~')
                {
                    return false;
                }
            }
            else if (c is < '!' or > '~' or '=')
            {
                return false;
            }

            builder.Append(c);
        }

        decoded = builder.ToString();
        return true;
    }

    /// <summary>
    /// RFC 6533 utf-8-addr-unitext: QCHAR (printable ASCII except "+", "=", "\"), UTF-8 non-ASCII characters,
    /// and EmbeddedUnicodeChar <c>\x{HEXPOINT}</c> with 2 to 6 hex digits naming a non-control scalar value.
    /// </summary>
    public static bool TryDecodeUtf8Address(string value, out string decoded)
    {
        decoded = "";
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (!TryEmbeddedChar(value, ref i, builder))
                {
                    return false;
                }
            }
            else if (c is '+' or '=' || (c < 0x80 && c is < '!' or > '~') || char.IsControl(c))
            {
                return false;
            }
            else
            {
                builder.Append(c);
            }
        }

        decoded = builder.ToString();
        return true;
    }

    private static bool TryEmbeddedChar(string value, ref int i, StringBuilder builder)
    {
        // "\x{" HEXPOINT "}"
        if (!value.AsSpan(i).StartsWith("\\x{", StringComparison.Ordinal))
        {
            return false;
        }

        var close = value.IndexOf('}', i + 3);
        var hex = close < 0 ? [] : value.AsSpan(i + 3, close - i - 3);
        if (hex.Length is < 2 or > 6 || !hex.ToString().All(char.IsAsciiHexDigit) ||
            !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var scalar) ||
            !Rune.IsValid(scalar) || Rune.IsControl(new Rune(scalar)))
        {
            return false;
        }

        builder.Append(new Rune(scalar).ToString());
        i = close;
        return true;
    }

    private static bool IsUpperHex(char c) => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F';
}
