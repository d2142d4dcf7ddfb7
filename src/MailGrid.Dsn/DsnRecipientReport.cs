namespace MailGrid.Dsn;

/// <summary>What a DSN says about one recipient (one per-recipient group of RFC 3464 §2.3).</summary>
public sealed record DsnRecipientReport
{
    /// <summary>The recipient as it was tried (Final-Recipient: rfc822;… or utf-8;…).</summary>
    public required string FinalRecipient { get; init; }

    /// <summary>The ORCPT value as given at RCPT, decoded ("rfc822;addr", "utf-8;addr"); null when the client gave none.</summary>
    public string? OriginalRecipient { get; init; }

    public required DsnAction Action { get; init; }

    /// <summary>The last SMTP reply or local reason, e.g. "550 5.1.1 No such user"; Status and Diagnostic-Code come from it.</summary>
    public string? Reply { get; init; }

    /// <summary>
    /// The reply Diagnostic-Code quotes when it is not <see cref="Reply"/>: for a recipient that expired, Reply says so
    /// (4.4.7, hence Status) and this is the reply its last attempt got. Null: Diagnostic-Code comes from Reply.
    /// </summary>
    public string? DiagnosticReply { get; init; }

    /// <summary>Host name (or address) of the server that gave <see cref="Reply"/> (Remote-MTA: dns;…).</summary>
    public string? RemoteMta { get; init; }

    public DateTimeOffset? LastAttemptDate { get; init; }

    /// <summary>For <see cref="DsnAction.Delayed"/>: when the message expires (Will-Retry-Until).</summary>
    public DateTimeOffset? WillRetryUntil { get; init; }
}
