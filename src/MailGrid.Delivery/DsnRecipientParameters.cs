namespace MailGrid.Delivery;

/// <summary>The DSN parameters a recipient was accepted with (RFC 3461), passed on to a next hop that supports DSN.</summary>
/// <param name="Notify">NOTIFY as received: "NEVER" or a comma list of SUCCESS, FAILURE, DELAY; null when absent.</param>
/// <param name="OriginalRecipient">ORCPT decoded, e.g. "rfc822;alice@example.com"; null when absent.</param>
public sealed record DsnRecipientParameters(string? Notify, string? OriginalRecipient);
