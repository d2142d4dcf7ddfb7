namespace MailGrid.Messages;

/// <summary>
/// When a message is done with: every recipient delivered or failed. One definition for the message grain (which
/// deletes the body then), the stores (which index final records for expiry) and the storage sweep.
/// </summary>
public static class MessageFinality
{
    public static bool IsFinal(RecipientState state) => state is RecipientState.Delivered or RecipientState.Failed;

    public static bool IsFinal(MessageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Recipients.All(r => IsFinal(r.State));
    }

    /// <summary>
    /// When the last recipient became final (the latest <see cref="RecipientStatus.UpdatedAt"/>), or null while one is
    /// still open. Derived from the record alone, so saving the same final record again gives the same time.
    /// </summary>
    public static DateTimeOffset? FinalAt(MessageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!IsFinal(record))
        {
            return null;
        }

        return record.Recipients.Length == 0 ? record.Envelope.ArrivedAt : record.Recipients.Max(r => r.UpdatedAt);
    }
}
