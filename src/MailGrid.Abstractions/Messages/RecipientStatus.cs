namespace MailGrid.Messages;

/// <summary>The fate of one recipient of one message.</summary>
[GenerateSerializer, Immutable, Alias("mailgrid.RecipientStatus")]
public sealed record RecipientStatus
{
    [Id(0)] public required string Address { get; init; }
    [Id(1)] public required RecipientState State { get; init; }

    /// <summary>Last SMTP reply or local outcome, e.g. "250 2.0.0 Ok" or "mailbox uid 17".</summary>
    [Id(2)] public string? Detail { get; init; }
    [Id(3)] public int Attempts { get; init; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The remote host that gave <see cref="Detail"/>, when delivered over SMTP.</summary>
    [Id(5)] public string? RemoteHost { get; init; }

    /// <summary>A "delayed" DSN went out for this recipient (there is only ever one).</summary>
    [Id(6)] public bool DelayNoticeSent { get; init; }
}
