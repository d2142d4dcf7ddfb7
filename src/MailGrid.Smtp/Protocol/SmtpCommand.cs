namespace MailGrid.Smtp.Protocol;

/// <summary>One parsed command line. <see cref="SyntaxError"/> is set when the verb is known but its arguments are not well formed.</summary>
internal sealed class SmtpCommand
{
    public static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    public required SmtpVerb Verb { get; init; }

    /// <summary>The verb as sent, upper-cased (for telemetry; "UNKNOWN" for unrecognised verbs).</summary>
    public required string Name { get; init; }

    /// <summary>HELO/EHLO domain, or the raw text after VRFY/EXPN/HELP.</summary>
    public string Argument { get; init; } = "";

    /// <summary>MAIL/RCPT path without angle brackets or source route; "" for the null reverse path.</summary>
    public string Path { get; init; } = "";

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = NoParameters;

    /// <summary>BDAT: the octets that follow the command line (RFC 3030).</summary>
    public long ChunkSize { get; init; }

    /// <summary>BDAT: the chunk carries the LAST marker.</summary>
    public bool IsLastChunk { get; init; }

    /// <summary>The text of the 501 reply when the arguments do not parse.</summary>
    public string? SyntaxError { get; init; }
}
