namespace MailGrid.Storage;

/// <summary>A message record whose every recipient is final, as <see cref="IMessageStore.ListFinalAsync"/> lists it.</summary>
/// <param name="MessageId">The message's id.</param>
/// <param name="FinalAt">When its last open recipient became final (<see cref="Messages.MessageFinality.FinalAt"/>).</param>
public sealed record FinalMessage(string MessageId, DateTimeOffset FinalAt);
