namespace MailGrid.Messages;

/// <summary>What a delivery attempt did for one recipient; reported back to the message grain.</summary>
[GenerateSerializer, Immutable, Alias("mailgrid.RecipientOutcome")]
public sealed record RecipientOutcome
{
    [Id(0)] public required string Address { get; init; }
    [Id(1)] public required RecipientState State { get; init; }
    [Id(2)] public string? Detail { get; init; }
    [Id(3)] public string? RemoteHost { get; init; }
    [Id(4)] public required DateTimeOffset At { get; init; }

    /// <summary>The next hop advertised DSN and took NOTIFY/ORCPT: it reports success itself (RFC 3461 §4.2).</summary>
    [Id(5)] public bool NextHopSupportsDsn { get; init; }

    /// <summary>
    /// The reply of the last attempt when <see cref="Detail"/> is not that reply itself: for a recipient that expired,
    /// Detail says why it failed (4.4.7) and this is what its last attempt got, which a DSN's Diagnostic-Code quotes.
    /// </summary>
    [Id(6)] public string? LastReply { get; init; }
}
