namespace MailGrid.Smtp;

/// <summary>One mail transaction (MAIL .. end of DATA) as the engine has parsed it.</summary>
public sealed class SmtpTransaction
{
    private readonly List<SmtpRecipient> _recipients = [];

    /// <summary>Reverse path without angle brackets; empty for the null sender.</summary>
    public required string ReversePath { get; init; }

    /// <summary>MAIL FROM parameters by upper-case keyword (SIZE, BODY, ...); a value-less keyword maps to "".</summary>
    public required IReadOnlyDictionary<string, string> MailParameters { get; init; }

    public IReadOnlyList<SmtpRecipient> Recipients => _recipients;

    /// <summary>Whatever the handler wants to keep for the life of this transaction.</summary>
    public object? HandlerState { get; set; }

    internal void AddRecipient(SmtpRecipient recipient) => _recipients.Add(recipient);
}
