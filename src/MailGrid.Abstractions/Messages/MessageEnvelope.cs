namespace MailGrid.Messages;

/// <summary>
/// The claim check an ingress hands to the grains after the body is durably stored:
/// everything about a message except its body.
/// </summary>
[GenerateSerializer, Immutable, Alias("mailgrid.MessageEnvelope")]
public sealed record MessageEnvelope
{
    /// <summary>Cluster-unique, time-ordered message id (also the <c>id</c> in the Received header).</summary>
    [Id(0)] public required string MessageId { get; init; }

    /// <summary>The SMTP reverse path without angle brackets; empty for the null sender <c>&lt;&gt;</c>.</summary>
    [Id(1)] public required string ReversePath { get; init; }

    /// <summary>Accepted recipients, each already routed at RCPT time.</summary>
    [Id(2)] public required EnvelopeRecipient[] Recipients { get; init; }

    /// <summary>Key of the body blob (Received header included) in the blob store.</summary>
    [Id(3)] public required string BlobKey { get; init; }

    /// <summary>Size in bytes of the stored body.</summary>
    [Id(4)] public required long Size { get; init; }

    [Id(5)] public required DateTimeOffset ArrivedAt { get; init; }

    /// <summary>IP address of the SMTP client that handed the message over.</summary>
    [Id(6)] public string ClientAddress { get; init; } = "";

    /// <summary>The EHLO/HELO name the client gave.</summary>
    [Id(7)] public string ClientHelo { get; init; } = "";

    /// <summary>W3C traceparent of the accepting SMTP transaction, so delivery spans can link to it.</summary>
    [Id(8)] public string? TraceParent { get; init; }

    /// <summary>BODY= parameter given at MAIL (7BIT, 8BITMIME, BINARYMIME); null when absent.</summary>
    [Id(9)] public string? BodyType { get; init; }

    /// <summary>DSN RET= (RFC 3461): "FULL" or "HDRS"; null when not given.</summary>
    [Id(10)] public string? DsnReturn { get; init; }

    /// <summary>DSN ENVID= (RFC 3461), decoded from xtext; null when not given.</summary>
    [Id(11)] public string? DsnEnvelopeId { get; init; }

    /// <summary>The client asked for SMTPUTF8 (RFC 6531) for this message.</summary>
    [Id(12)] public bool SmtpUtf8 { get; init; }

    /// <summary>The authenticated submitter, when the client used AUTH.</summary>
    [Id(13)] public string? AuthenticatedUser { get; init; }
}
