using MailGrid.Messages;

namespace MailGrid.Queues;

/// <summary>One message waiting in a destination domain's outbound queue, with the recipients at that domain.</summary>
[GenerateSerializer, Immutable, Alias("mailgrid.QueueEntry")]
public sealed record QueueEntry
{
    [Id(0)] public required string MessageId { get; init; }
    [Id(1)] public required string BlobKey { get; init; }

    /// <summary>Envelope sender; empty for the null sender.</summary>
    [Id(2)] public required string ReversePath { get; init; }

    /// <summary>Recipients at this domain that still await a final outcome.</summary>
    [Id(3)] public required string[] Recipients { get; init; }
    [Id(4)] public required DateTimeOffset ArrivedAt { get; init; }

    /// <summary>When the next attempt is due; the queue is ordered by this.</summary>
    [Id(5)] public required DateTimeOffset DueAt { get; init; }
    [Id(6)] public int Attempts { get; init; }
    [Id(7)] public string? LastError { get; init; }
    [Id(8)] public long Size { get; init; }

    /// <summary>W3C traceparent of the SMTP transaction that accepted the message; delivery spans link to it.</summary>
    [Id(9)] public string? TraceParent { get; init; }

    /// <summary>DSN RET= of the message (RFC 3461), copied from its envelope so delivery needs no record read; null when not given.</summary>
    [Id(10)] public string? DsnReturn { get; init; }

    /// <summary>DSN ENVID= of the message (RFC 3461), copied from its envelope; null when not given.</summary>
    [Id(11)] public string? DsnEnvelopeId { get; init; }

    /// <summary>
    /// The entry's recipients that were accepted with DSN NOTIFY= or ORCPT=, as in the envelope; empty when none.
    /// Null in entries queued before delivery parameters travelled with the entry: delivery then reads the message record.
    /// </summary>
    [Id(12)] public EnvelopeRecipient[]? DsnRecipients { get; init; }

    /// <summary>The message came with SMTPUTF8 (RFC 6531), copied from its envelope: it goes on with SMTPUTF8 where the next hop offers it.</summary>
    [Id(13)] public bool SmtpUtf8 { get; init; }
}
