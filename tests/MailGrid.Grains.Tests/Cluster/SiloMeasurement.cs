namespace MailGrid.Grains.Tests.Cluster;

/// <summary>One measurement a silo's instrument reported, with its tags as strings.</summary>
public sealed record SiloMeasurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags)
{
    public override string ToString() => $"{Instrument}={Value} [{string.Join(',', Tags.Select(t => $"{t.Key}={t.Value}"))}]";
}
