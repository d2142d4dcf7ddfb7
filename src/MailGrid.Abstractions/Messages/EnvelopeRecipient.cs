namespace MailGrid.Messages;

/// <summary>One RCPT TO and where it was routed at RCPT time.</summary>
[GenerateSerializer, Immutable, Alias("mailgrid.EnvelopeRecipient")]
public sealed record EnvelopeRecipient
{
    /// <summary>The forward path as the client gave it (no angle brackets).</summary>
    [Id(0)] public required string Address { get; init; }

    [Id(1)] public required RecipientRouteKind Route { get; init; }

    /// <summary>
    /// For <see cref="RecipientRouteKind.Mailbox"/>: the canonical mailbox address (aliases resolved).
    /// For <see cref="RecipientRouteKind.Remote"/>: the lower-case destination domain.
    /// </summary>
    [Id(2)] public required string Target { get; init; }

    /// <summary>DSN NOTIFY= (RFC 3461) as given, upper-case: "NEVER" or a comma list of SUCCESS, FAILURE, DELAY; null when not given.</summary>
    [Id(3)] public string? DsnNotify { get; init; }

    /// <summary>DSN ORCPT= (RFC 3461) decoded, e.g. "rfc822;alice@example.com"; null when not given.</summary>
    [Id(4)] public string? DsnOriginalRecipient { get; init; }
}
