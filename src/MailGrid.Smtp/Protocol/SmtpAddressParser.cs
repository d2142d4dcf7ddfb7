using System.Text;
using System.Text.Unicode;

namespace MailGrid.Smtp.Protocol;

/// <summary>
/// RFC 5321 4.1.2 paths, by recursive descent over bytes: <c>"&lt;" [ A-d-l ":" ] Mailbox "&gt;"</c>.
/// Source routes are accepted and dropped (RFC 5321 C); bytes above 127 count as letters so SMTPUTF8
/// (RFC 6531) addresses parse; the result must be valid UTF-8.
/// </summary>
internal static class SmtpAddressParser
{
    /// <summary>Parses a path at the start of <paramref name="input"/>; <paramref name="consumed"/> ends after the closing bracket.</summary>
    public static bool TryParsePath(ReadOnlySpan<byte> input, bool allowNull, bool allowPostmaster, out string address, out int consumed)
    {
        address = "";
        consumed = 0;
        var i = 0;
        if (!Expect(input, ref i, (byte)'<'))
        {
            return false;
        }

        if (allowNull && Expect(input, ref i, (byte)'>'))
        {
            consumed = i;
            return true;
        }

        if (i < input.Length && input[i] == '@' && !TrySkipSourceRoute(input, ref i))
        {
            return false;
        }

        if (allowPostmaster && input[i..].Length >= 11 && Ascii.EqualsIgnoreCase(input.Slice(i, 11), "postmaster>"u8))
        {
            address = "postmaster";
            consumed = i + 11;
            return true;
        }

        var start = i;
        if (!TryLocalPart(input, ref i) || !Expect(input, ref i, (byte)'@') || !TryDomainOrLiteral(input, ref i))
        {
            return false;
        }

        var mailbox = input[start..i];
        if (!Expect(input, ref i, (byte)'>') || !Utf8.IsValid(mailbox))
        {
            return false;
        }

        address = Encoding.UTF8.GetString(mailbox);
        consumed = i;
        return true;
    }

    /// <summary>Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str].</summary>
    public static bool TryDomain(ReadOnlySpan<byte> input, ref int i)
    {
        do
        {
            if (i >= input.Length || !IsLetDig(input[i]))
            {
                return false;
            }

            i++;
            while (i < input.Length && (IsLetDig(input[i]) || input[i] == '-'))
            {
                i++;
            }

            if (input[i - 1] == '-')
            {
                return false;
            }
        }
        while (Expect(input, ref i, (byte)'.'));
        return true;
    }

    private static bool TrySkipSourceRoute(ReadOnlySpan<byte> input, ref int i)
    {
        do
        {
            if (!Expect(input, ref i, (byte)'@') || !TryDomain(input, ref i))
            {
                return false;
            }
        }
        while (Expect(input, ref i, (byte)','));
        return Expect(input, ref i, (byte)':');
    }

    private static bool TryLocalPart(ReadOnlySpan<byte> input, ref int i)
    {
        if (i < input.Length && input[i] == '"')
        {
            i++;
            while (i < input.Length && input[i] != '"')
            {
                if (input[i] == '\\')
                {
                    // quoted-pairSMTP = "\" %d32-126
                    if (++i >= input.Length || input[i] is < 32 or > 126)
                    {
                        return false;
                    }
                }
                else if (input[i] < 32 || input[i] == 127)
                {
                    return false;
                }

                i++;
            }

            return Expect(input, ref i, (byte)'"');
        }

        do
        {
            var atomStart = i;
            while (i < input.Length && IsAtext(input[i]))
            {
                i++;
            }

            if (i == atomStart)
            {
                return false;
            }
        }
        while (Expect(input, ref i, (byte)'.'));
        return true;
    }

    private static bool TryDomainOrLiteral(ReadOnlySpan<byte> input, ref int i)
    {
        if (i >= input.Length || input[i] != '[')
        {
            return TryDomain(input, ref i);
        }

        // address-literal, read in its General-address-literal form: dcontent = %d33-90 / %d94-126.
        var start = ++i;
        while (i < input.Length && input[i] is >= 33 and <= 126 and not (byte)'[' and not (byte)']' and not (byte)'\\')
        {
            i++;
        }

        return i > start && Expect(input, ref i, (byte)']');
    }

    private static bool Expect(ReadOnlySpan<byte> input, ref int i, byte expected)
    {
        if (i < input.Length && input[i] == expected)
        {
            i++;
            return true;
        }

        return false;
    }

    private static bool IsLetDig(byte b) => char.IsAsciiLetterOrDigit((char)b) || b >= 0x80;

    private static bool IsAtext(byte b) => IsLetDig(b) || "!#$%&'*+-/=?^_`{|}~"u8.Contains(b);
}
