using Orleans.Storage;

namespace MailGrid.Storage.Local.Grains;

/// <summary>Per-provider options of <see cref="SqliteGrainStorage"/> (named after the provider).</summary>
public sealed class LocalGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>How grain state is turned into bytes. Default: the silo's <see cref="IGrainStorageSerializer"/>.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
