namespace MailGrid.Submission;

/// <summary>The DSN requests (RFC 3461) of one recipient; <c>default</c> when the submitter made none.</summary>
/// <param name="Notify">NOTIFY: "NEVER" or a comma list of SUCCESS, FAILURE, DELAY (any case); null when not given.</param>
/// <param name="OriginalRecipient">ORCPT, decoded, e.g. "rfc822;alice@example.com"; null when not given.</param>
public readonly record struct RecipientDsnParameters(string? Notify, string? OriginalRecipient);
