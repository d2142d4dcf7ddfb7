using MailGrid.Delivery.Routing;

namespace MailGrid.Grains.Tests.Routing;

/// <summary>Next-hop syntax: "host", "host:port", "[v6]:port".</summary>
public sealed class NextHopTests
{
    [Theory]
    [InlineData("mx.example.com", "mx.example.com", 25)]
    [InlineData("mx.example.com:2525", "mx.example.com", 2525)]
    [InlineData("  127.0.0.1:587 ", "127.0.0.1", 587)]
    [InlineData("[::1]:2525", "::1", 2525)]
    [InlineData("[::1]", "::1", 25)]
    [InlineData("relay:65535", "relay", 65535)]
    public void Valid_values_parse(string value, string host, int port)
    {
        Assert.True(NextHop.TryParse(value, out var hop));
        Assert.Equal(new NextHop(host, port), hop);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("host:")]
    [InlineData("host:smtp")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData(":25")]
    [InlineData("[::1")]
    [InlineData("[::1]2525")]
    [InlineData("[::1]:x")]
    [InlineData("[]:25")]
    public void Invalid_values_are_rejected(string? value)
    {
        Assert.False(NextHop.TryParse(value, out var hop));
        Assert.Null(hop);
    }

    [Fact]
    public void ToString_gives_host_and_port()
    {
        Assert.Equal("127.0.0.1:2525", new NextHop("127.0.0.1", 2525).ToString());
    }
}
