using MailGrid.Grains.Sweep;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Tests.Sweep;

/// <summary>The sweep settings as a silo binds and validates them.</summary>
public sealed class StorageSweepOptionsTests
{
    [Fact]
    public void The_defaults_are_the_documented_ones_and_valid()
    {
        using var services = ServicesWith([]);

        var options = services.GetRequiredService<IOptions<StorageSweepOptions>>().Value;

        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Interval);
        Assert.Equal(TimeSpan.FromHours(1), options.OrphanGracePeriod);
        Assert.Equal(TimeSpan.FromDays(30), options.RecordRetention);
        Assert.Equal(10_000, options.MaxItemsPerPass);
    }

    [Theory]
    [InlineData("Interval", "00:00:00")]
    [InlineData("OrphanGracePeriod", "00:01:00")]
    [InlineData("RecordRetention", "00:00:30")]
    [InlineData("MaxItemsPerPass", "0")]
    public void A_setting_out_of_range_is_refused(string key, string value)
    {
        using var services = ServicesWith(new() { [$"{StorageSweepOptions.SectionName}:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageSweepOptions>>().Value);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_in_range_are_bound()
    {
        using var services = ServicesWith(new()
        {
            [$"{StorageSweepOptions.SectionName}:Enabled"] = "false",
            [$"{StorageSweepOptions.SectionName}:Interval"] = "00:10:00",
            [$"{StorageSweepOptions.SectionName}:RecordRetention"] = "7.00:00:00",
        });

        var options = services.GetRequiredService<IOptions<StorageSweepOptions>>().Value;

        Assert.False(options.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Interval);
        Assert.Equal(TimeSpan.FromDays(7), options.RecordRetention);
    }

    private static ServiceProvider ServicesWith(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddMailGridGrains(configuration).BuildServiceProvider();
    }
}
