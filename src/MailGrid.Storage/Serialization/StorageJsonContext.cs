using System.Text.Json.Serialization;
using MailGrid.Mailboxes;
using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Storage.Serialization;

/// <summary>
/// Source-generated JSON for the records the stores persist, shared by every store implementation so a
/// record written by one mode reads the same in another. Enums are written as names so stored data
/// survives reordering of enum members.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(MessageRecord))]
[JsonSerializable(typeof(MailboxEntry))]
[JsonSerializable(typeof(QueueEntry))]
public sealed partial class StorageJsonContext : JsonSerializerContext
{
}
