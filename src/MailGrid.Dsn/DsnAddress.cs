using System.Globalization;
using System.Text;

namespace MailGrid.Dsn;

/// <summary>
/// The typed addresses of Final-Recipient and Original-Recipient (RFC 3464 §2.3.1-2, RFC 6533 §3). An ASCII address
/// is <c>rfc822;addr</c>, as ever. A non-ASCII one is of type <c>utf-8</c>: in an internationalized report
/// (<c>message/global-delivery-status</c>) as it is (utf-8-address), in a 7-bit one as utf-8-addr-xtext, where every
/// character outside QCHAR becomes <c>\x{HEX}</c>. Never an RFC 2047 encoded-word, which RFC 6533 does not allow there.
/// </summary>
public static class DsnAddress
{
    private const string Utf8Type = "utf-8";

    /// <summary>The typed form of a recipient address as it was tried (Final-Recipient).</summary>
    public static string Typed(string address, bool international) =>
        Ascii.IsValid(address) ? $"rfc822;{address}" : $"{Utf8Type};{Utf8Address(address, international)}";

    /// <summary>
    /// The typed form of an ORCPT value as the SMTP engine keeps it ("addr-type;decoded address", see RFC 3461 §4.2);
    /// a value without a type is taken for a bare address. ASCII values stay exactly as given.
    /// </summary>
    public static string Original(string orcpt, bool international)
    {
        var semicolon = orcpt.IndexOf(';', StringComparison.Ordinal);
        if (semicolon <= 0)
        {
            return Typed(orcpt, international);
        }

        if (Ascii.IsValid(orcpt))
        {
            return orcpt;
        }

        // Non-ASCII can only be a utf-8 address: rfc822 (or any other type) has no place for it (RFC 6533 §3).
        return $"{Utf8Type};{Utf8Address(orcpt[(semicolon + 1)..], international)}";
    }

    /// <summary>Text with every non-ASCII character as <c>\x{HEX}</c> (RFC 5137), for the fields of a 7-bit report.</summary>
    public static string Escape(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                escaped.Append((char)rune.Value);
            }
            else
            {
                AppendEmbedded(escaped, rune);
            }
        }

        return escaped.ToString();
    }

    private static string Utf8Address(string address, bool international)
    {
        if (international)
        {
            return address;
        }

        // utf-8-addr-xtext = 1*(QCHAR / EmbeddedUnicodeChar); QCHAR is printable ASCII but "\", "+" and "=".
        var xtext = new StringBuilder(address.Length + 16);
        foreach (var rune in address.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F and not '\\' and not '+' and not '=')
            {
                xtext.Append((char)rune.Value);
            }
            else
            {
                AppendEmbedded(xtext, rune);
            }
        }

        return xtext.ToString();
    }

    /// <summary>EmbeddedUnicodeChar: upper-case hex with at least two digits and no leading zero beyond them (RFC 6533 HEXPOINT).</summary>
    private static void AppendEmbedded(StringBuilder builder, Rune rune) =>
        builder.Append(CultureInfo.InvariantCulture, $"\\x{{{rune.Value:X2}}}");
}
