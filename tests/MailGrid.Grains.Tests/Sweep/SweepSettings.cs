namespace MailGrid.Grains.Tests.Sweep;

/// <summary>Sweep settings of the sweep tests' silos.</summary>
public static class SweepSettings
{
    /// <summary>Pages of this size, so every sweep in the tests spans several passes and resumes between them.</summary>
    public const int MaxItemsPerPass = 3;

    public static readonly IReadOnlyDictionary<string, string> ForTests = new Dictionary<string, string>
    {
        // The silos' own timer runs on the system clock; the tests run sweeps of their own on a fake one instead.
        ["MailGrid:Sweep:Enabled"] = "false",
        ["MailGrid:Sweep:MaxItemsPerPass"] = MaxItemsPerPass.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
