namespace MailGrid.EndToEnd.Tests;

/// <summary>A message a client got 250 for: the id it was queued as and the recipients it must reach.</summary>
internal sealed record AcceptedMessage(int Index, string MessageId, string LocalRecipient, string RemoteRecipient);
