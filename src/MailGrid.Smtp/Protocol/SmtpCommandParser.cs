using System.Globalization;
using System.Text;

namespace MailGrid.Smtp.Protocol;

/// <summary>Turns one command line (without its line ending) into an <see cref="SmtpCommand"/>, after RFC 5321 4.1.</summary>
internal static class SmtpCommandParser
{
    public static SmtpCommand Parse(ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        var verbBytes = space < 0 ? line : line[..space];
        var rest = space < 0 ? [] : line[(space + 1)..];
        var verb = ParseVerb(verbBytes);
        var name = verb == SmtpVerb.Unknown ? "UNKNOWN" : verb.ToString().ToUpperInvariant();
        return verb switch
        {
            SmtpVerb.Helo or SmtpVerb.Ehlo => ParseHello(verb, name, rest),
            SmtpVerb.Mail => ParseMailOrRcpt(verb, name, rest, "FROM:"u8, "Syntax: MAIL FROM:<address>"),
            SmtpVerb.Rcpt => ParseMailOrRcpt(verb, name, rest, "TO:"u8, "Syntax: RCPT TO:<address>"),
            SmtpVerb.Bdat => ParseBdat(name, rest),
            SmtpVerb.Data or SmtpVerb.Rset or SmtpVerb.Quit => rest.Trim((byte)' ').IsEmpty
                ? new SmtpCommand { Verb = verb, Name = name }
                : new SmtpCommand { Verb = verb, Name = name, SyntaxError = $"Syntax: {name}" },
            _ => new SmtpCommand { Verb = verb, Name = name, Argument = Encoding.UTF8.GetString(rest.Trim((byte)' ')) },
        };
    }

    private static SmtpVerb ParseVerb(ReadOnlySpan<byte> verb) => Ascii.EqualsIgnoreCase(verb, "STARTTLS"u8) ? SmtpVerb.StartTls : verb.Length != 4 ? SmtpVerb.Unknown : verb switch
    {
        _ when Ascii.EqualsIgnoreCase(verb, "EHLO"u8) => SmtpVerb.Ehlo,
        _ when Ascii.EqualsIgnoreCase(verb, "HELO"u8) => SmtpVerb.Helo,
        _ when Ascii.EqualsIgnoreCase(verb, "AUTH"u8) => SmtpVerb.Auth,
        _ when Ascii.EqualsIgnoreCase(verb, "MAIL"u8) => SmtpVerb.Mail,
        _ when Ascii.EqualsIgnoreCase(verb, "RCPT"u8) => SmtpVerb.Rcpt,
        _ when Ascii.EqualsIgnoreCase(verb, "DATA"u8) => SmtpVerb.Data,
        _ when Ascii.EqualsIgnoreCase(verb, "RSET"u8) => SmtpVerb.Rset,
        _ when Ascii.EqualsIgnoreCase(verb, "NOOP"u8) => SmtpVerb.Noop,
        _ when Ascii.EqualsIgnoreCase(verb, "QUIT"u8) => SmtpVerb.Quit,
        _ when Ascii.EqualsIgnoreCase(verb, "VRFY"u8) => SmtpVerb.Vrfy,
        _ when Ascii.EqualsIgnoreCase(verb, "EXPN"u8) => SmtpVerb.Expn,
        _ when Ascii.EqualsIgnoreCase(verb, "HELP"u8) => SmtpVerb.Help,
        _ when Ascii.EqualsIgnoreCase(verb, "BDAT"u8) => SmtpVerb.Bdat,
        _ => SmtpVerb.Unknown,
    };

    /// <summary>
    /// HELO/EHLO take one word: a domain or an address literal. Any printable ASCII word is accepted
    /// (real clients send bare hostnames with underscores and the like); extra words are ignored.
    /// </summary>
    private static SmtpCommand ParseHello(SmtpVerb verb, string name, ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart((byte)' ');
        var end = rest.IndexOf((byte)' ');
        var word = end < 0 ? rest : rest[..end];
        var valid = !word.IsEmpty && !word.ContainsAnyExceptInRange((byte)33, (byte)126);
        return valid
            ? new SmtpCommand { Verb = verb, Name = name, Argument = Encoding.ASCII.GetString(word) }
            : new SmtpCommand { Verb = verb, Name = name, SyntaxError = $"Syntax: {name} hostname" };
    }

    private static SmtpCommand ParseMailOrRcpt(SmtpVerb verb, string name, ReadOnlySpan<byte> rest, ReadOnlySpan<byte> keyword, string usage)
    {
        var invalid = new SmtpCommand { Verb = verb, Name = name, SyntaxError = usage };
        if (rest.Length < keyword.Length || !Ascii.EqualsIgnoreCase(rest[..keyword.Length], keyword))
        {
            return invalid;
        }

        // RFC 5321 allows no space after the colon, but many clients send one.
        rest = rest[keyword.Length..].TrimStart((byte)' ');
        var isMail = verb == SmtpVerb.Mail;
        if (!SmtpAddressParser.TryParsePath(rest, allowNull: isMail, allowPostmaster: !isMail, out var path, out var consumed))
        {
            return invalid;
        }

        rest = rest[consumed..];
        if (!rest.IsEmpty && rest[0] != ' ')
        {
            return invalid;
        }

        return SmtpParameterParser.TryParse(rest, out var parameters, out var error)
            ? new SmtpCommand { Verb = verb, Name = name, Path = path, Parameters = parameters }
            : new SmtpCommand { Verb = verb, Name = name, SyntaxError = error };
    }

    /// <summary>RFC 3030 2: <c>"BDAT" SP chunk-size [ SP "LAST" ]</c>, chunk-size = 1*DIGIT.</summary>
    private static SmtpCommand ParseBdat(string name, ReadOnlySpan<byte> rest)
    {
        var space = rest.IndexOf((byte)' ');
        var size = space < 0 ? rest : rest[..space];
        var marker = space < 0 ? [] : rest[(space + 1)..];
        var last = Ascii.EqualsIgnoreCase(marker, "LAST"u8);
        if (size.IsEmpty || size.ContainsAnyExceptInRange((byte)'0', (byte)'9') || (space >= 0 && !last) ||
            !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var chunkSize))
        {
            return new SmtpCommand { Verb = SmtpVerb.Bdat, Name = name, SyntaxError = "Syntax: BDAT <size> [LAST]" };
        }

        return new SmtpCommand { Verb = SmtpVerb.Bdat, Name = name, ChunkSize = chunkSize, IsLastChunk = last };
    }
}
