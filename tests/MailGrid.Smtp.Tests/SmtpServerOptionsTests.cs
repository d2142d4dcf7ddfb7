using MailGrid.Smtp.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp.Tests;

public sealed class SmtpServerOptionsTests
{
    [Fact]
    public void Defaults_apply_when_nothing_is_configured()
    {
        var options = Resolve([]);
        var listener = Assert.Single(options.Listeners);
        Assert.Equal(("mx", 2525, "Any"), (listener.Name, listener.Port, listener.Address));
        Assert.Equal(["127.0.0.0/8", "::1/128"], options.TrustedNetworks);
        Assert.Equal(25L * 1024 * 1024, options.MaxMessageSize);
        Assert.Equal(1000, options.MaxRecipients);
        Assert.Equal(TimeSpan.FromMinutes(5), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.DataTimeout);
        Assert.Equal(20, options.MaxErrors);
    }

    [Fact]
    public void Configured_lists_replace_the_defaults()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["MailGrid:Smtp:Hostname"] = "mx1.example.net",
            ["MailGrid:Smtp:Listeners:0:Name"] = "submission",
            ["MailGrid:Smtp:Listeners:0:Port"] = "587",
            ["MailGrid:Smtp:Listeners:0:Address"] = "127.0.0.1",
            ["MailGrid:Smtp:TrustedNetworks:0"] = "10.0.0.0/8",
            ["MailGrid:Smtp:MaxMessageSize"] = "1000000",
        });
        Assert.Equal("mx1.example.net", options.Hostname);
        var listener = Assert.Single(options.Listeners);
        Assert.Equal(("submission", 587, "127.0.0.1"), (listener.Name, listener.Port, listener.Address));
        Assert.Equal(["10.0.0.0/8"], options.TrustedNetworks);
        Assert.Equal(1_000_000, options.MaxMessageSize);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MailGrid:Smtp:TrustedNetworks:0"] = "10.0.0.0/33",
            ["MailGrid:Smtp:MaxCommandLineLength"] = "100",
        });
        builder.Services.AddMailGridSmtp(builder.Configuration);
        builder.Services.AddSingleton<ISmtpMessageHandler, RecordingMessageHandler>();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(failure.Failures, f => f.Contains("10.0.0.0/33", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("MaxCommandLineLength", StringComparison.Ordinal));
    }

    private static SmtpServerOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddMailGridSmtp(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SmtpServerOptions>>().Value;
    }
}
