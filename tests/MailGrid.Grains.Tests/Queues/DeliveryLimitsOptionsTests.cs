using MailGrid.Grains.Queues;

namespace MailGrid.Grains.Tests.Queues;

public sealed class DeliveryLimitsOptionsTests
{
    private static readonly DestinationLimits Exact = new() { MaxConnections = 1 };
    private static readonly DestinationLimits Parent = new() { MaxConnections = 2 };
    private static readonly DestinationLimits Wildcard = new() { MaxConnections = 3 };

    [Fact]
    public void Exact_domain_then_parent_pattern_then_wildcard_then_default()
    {
        var options = new DeliveryLimitsOptions
        {
            Domains = new(StringComparer.OrdinalIgnoreCase) { ["mail.example.com"] = Exact, [".example.com"] = Parent, ["*"] = Wildcard },
        };

        Assert.Same(Exact, options.For("mail.example.com"));
        Assert.Same(Parent, options.For("other.example.com"));
        Assert.Same(Parent, options.For("deep.other.example.com"));
        Assert.Same(Wildcard, options.For("example.com"));
        Assert.Same(Wildcard, options.For("example.org"));
        var unconfigured = new DeliveryLimitsOptions();
        Assert.Same(unconfigured.Default, unconfigured.For("example.org"));
    }
}
