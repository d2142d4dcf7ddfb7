using MailGrid.Messages;

namespace MailGrid.Submission;

/// <summary>
/// What a front end knows about a message besides its body: the sender, the resolved recipients, and the facts of
/// how it arrived. Everything but <see cref="ReversePath"/> and <see cref="Recipients"/> is optional; the message
/// id, blob key, size and arrival time come from the <see cref="MessageUpload"/>.
/// </summary>
public readonly record struct SubmissionEnvelope
{
    /// <summary>The reverse path without angle brackets; empty for the null sender.</summary>
    public required string ReversePath { get; init; }

    /// <summary>Recipients as <see cref="MessageSubmitter.ResolveRecipientAsync"/> routed them.</summary>
    public required EnvelopeRecipient[] Recipients { get; init; }

    /// <summary>IP address of the client that handed the message over; null when there is none (a DSN).</summary>
    public string? ClientAddress { get; init; }

    /// <summary>The name the client introduced itself with (SMTP EHLO/HELO).</summary>
    public string? ClientHelo { get; init; }

    /// <summary>The authenticated submitter, when the client authenticated.</summary>
    public string? AuthenticatedUser { get; init; }

    /// <summary>7BIT, 8BITMIME or BINARYMIME (SMTP BODY=, any case); null when not given.</summary>
    public string? BodyType { get; init; }

    /// <summary>DSN RET (RFC 3461): FULL or HDRS (any case); null when not given.</summary>
    public string? DsnReturn { get; init; }

    /// <summary>DSN ENVID (RFC 3461), decoded; null when not given.</summary>
    public string? DsnEnvelopeId { get; init; }

    /// <summary>The message needs SMTPUTF8 (RFC 6531) downstream: UTF-8 addresses or headers.</summary>
    public bool SmtpUtf8 { get; init; }
}
