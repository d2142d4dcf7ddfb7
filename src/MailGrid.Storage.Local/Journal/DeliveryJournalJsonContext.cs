using System.Text.Json.Serialization;

namespace MailGrid.Storage.Local.Journal;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DeliveryJournalLine))]
internal sealed partial class DeliveryJournalJsonContext : JsonSerializerContext
{
}
