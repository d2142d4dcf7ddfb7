namespace MailGrid.Smtp;

/// <summary>A handler's answer to RCPT TO: accepted when <see cref="Response"/> is positive.</summary>
public sealed record RecipientDecision(SmtpResponse Response, object? HandlerState = null);
