using MailGrid.Delivery.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Tests.Routing;

/// <summary>Route lookup order (exact, ".parent", "*", smart host) and start-up validation, bound from configuration.</summary>
public sealed class StaticRouteResolverTests
{
    [Fact]
    public void Exact_route_wins_over_parent_and_wildcard()
    {
        var resolver = Build(new()
        {
            ["MailGrid:Routing:Routes:mail.example.com"] = "exact:2501",
            ["MailGrid:Routing:Routes:.example.com"] = "parent:2502",
            ["MailGrid:Routing:Routes:*"] = "wild:2503",
            ["MailGrid:Routing:SmartHost"] = "smart:2504",
        });

        Assert.Equal(new NextHop("exact", 2501), resolver.Resolve("mail.example.com"));
    }

    [Fact]
    public void Parent_pattern_covers_every_subdomain_but_not_the_domain_itself()
    {
        var resolver = Build(new() { ["MailGrid:Routing:Routes:.example.com"] = "parent:2502" });

        Assert.Equal(new NextHop("parent", 2502), resolver.Resolve("a.example.com"));
        Assert.Equal(new NextHop("parent", 2502), resolver.Resolve("b.a.example.com"));
        Assert.Null(resolver.Resolve("example.com"));
        Assert.Null(resolver.Resolve("notexample.com"));
    }

    [Fact]
    public void Nearest_parent_wins()
    {
        var resolver = Build(new()
        {
            ["MailGrid:Routing:Routes:.example.com"] = "outer",
            ["MailGrid:Routing:Routes:.a.example.com"] = "inner",
        });

        Assert.Equal(new NextHop("inner", 25), resolver.Resolve("b.a.example.com"));
        Assert.Equal(new NextHop("outer", 25), resolver.Resolve("c.example.com"));
    }

    [Fact]
    public void Wildcard_then_smart_host_take_the_rest()
    {
        var withWildcard = Build(new() { ["MailGrid:Routing:Routes:*"] = "wild:2503", ["MailGrid:Routing:SmartHost"] = "smart:2504" });
        var smartOnly = Build(new() { ["MailGrid:Routing:SmartHost"] = "[::1]:2504" });

        Assert.Equal(new NextHop("wild", 2503), withWildcard.Resolve("other.net"));
        Assert.Equal(new NextHop("::1", 2504), smartOnly.Resolve("other.net"));
    }

    [Fact]
    public void No_route_and_no_smart_host_gives_null()
    {
        Assert.Null(Build([]).Resolve("example.com"));
    }

    [Fact]
    public void Route_keys_from_configuration_match_regardless_of_case()
    {
        var resolver = Build(new() { ["MailGrid:Routing:Routes:Example.COM"] = "127.0.0.1:2525" });

        Assert.Equal(new NextHop("127.0.0.1", 2525), resolver.Resolve("example.com"));
    }

    [Fact]
    public void Invalid_route_or_smart_host_fails_validation_naming_the_setting()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Build(new()
        {
            ["MailGrid:Routing:Routes:example.com"] = "host:notaport",
            ["MailGrid:Routing:SmartHost"] = "[::1",
        }).Resolve("example.com"));

        Assert.Contains("MailGrid:Routing:Routes:example.com: 'host:notaport' is not host[:port].", failure.Failures);
        Assert.Contains("MailGrid:Routing:SmartHost: '[::1' is not host[:port].", failure.Failures);
    }

    private static StaticRouteResolver Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddMailGridDelivery(configuration).BuildServiceProvider();
        return services.GetRequiredService<StaticRouteResolver>();
    }
}
