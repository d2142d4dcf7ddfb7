namespace MailGrid.Smtp;

/// <summary>An accepted RCPT TO, with what the handler attached to it when it accepted it.</summary>
/// <param name="Address">Forward path without angle brackets.</param>
/// <param name="Parameters">RCPT parameters by upper-case keyword.</param>
/// <param name="HandlerState">The state the handler returned in its <see cref="RecipientDecision"/>.</param>
public sealed record SmtpRecipient(string Address, IReadOnlyDictionary<string, string> Parameters, object? HandlerState);
