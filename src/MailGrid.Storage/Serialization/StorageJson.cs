using System.Text.Json;
using MailGrid.Mailboxes;
using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Storage.Serialization;

/// <summary>Serializes stored records to and from UTF-8 JSON with <see cref="StorageJsonContext"/>.</summary>
public static class StorageJson
{
    public static byte[] Serialize(MessageRecord record) =>
        JsonSerializer.SerializeToUtf8Bytes(record, StorageJsonContext.Default.MessageRecord);

    public static byte[] Serialize(MailboxEntry entry) =>
        JsonSerializer.SerializeToUtf8Bytes(entry, StorageJsonContext.Default.MailboxEntry);

    public static byte[] Serialize(QueueEntry entry) =>
        JsonSerializer.SerializeToUtf8Bytes(entry, StorageJsonContext.Default.QueueEntry);

    public static MessageRecord DeserializeMessageRecord(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, StorageJsonContext.Default.MessageRecord)
        ?? throw new JsonException("Stored message record is null.");

    public static MailboxEntry DeserializeMailboxEntry(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, StorageJsonContext.Default.MailboxEntry)
        ?? throw new JsonException("Stored mailbox entry is null.");

    public static QueueEntry DeserializeQueueEntry(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, StorageJsonContext.Default.QueueEntry)
        ?? throw new JsonException("Stored queue entry is null.");
}
