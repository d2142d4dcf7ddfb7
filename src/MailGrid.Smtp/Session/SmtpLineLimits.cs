using System.Buffers;

namespace MailGrid.Smtp.Session;

/// <summary>The command lines SMTP allows to be longer than <see cref="SmtpServerOptions.MaxCommandLineLength"/>.</summary>
internal static class SmtpLineLimits
{
    /// <summary>RFC 4954 4: AUTH command lines and SASL responses may be up to 12288 octets.</summary>
    public const int MaxAuthLineLength = 12288;

    /// <summary>True for an AUTH command line (which may carry a long initial response).</summary>
    public static bool IsAuthCommand(ReadOnlySequence<byte> line)
    {
        Span<byte> verb = stackalloc byte[5];
        if (line.Length < verb.Length)
        {
            return false;
        }

        line.Slice(0, verb.Length).CopyTo(verb);
        return System.Text.Ascii.EqualsIgnoreCase(verb, "AUTH "u8);
    }
}
