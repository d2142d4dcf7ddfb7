using MailGrid.Net.Tls;
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
        Assert.Equal(
            [("mx", 2525, "Any", SmtpTlsMode.StartTls, false), ("submission", 5587, "Any", SmtpTlsMode.StartTls, true), ("submissions", 5465, "Any", SmtpTlsMode.Implicit, true)],
            options.Listeners.Select(l => (l.Name, l.Port, l.Address, l.Tls, l.RequireAuth)));
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
    public void Security_settings_have_their_defaults_and_bind_from_configuration()
    {
        var defaults = Resolve([]);
        Assert.Equal(SmtpTlsMode.StartTls, defaults.Listeners[0].Tls);
        Assert.False(defaults.AllowInsecureAuth);
        Assert.Equal((1000, 20), (defaults.MaxConnections, defaults.MaxConnectionsPerClient));
        Assert.Equal(TimeSpan.FromMinutes(30), defaults.MaxSessionDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.ShutdownDrainTimeout);
        Assert.Null(defaults.Tls.CertificatePath);

        var certificate = Path.GetTempFileName();
        try
        {
            var options = Resolve(new Dictionary<string, string?>
            {
                ["MailGrid:Smtp:Listeners:0:Name"] = "smtps",
                ["MailGrid:Smtp:Listeners:0:Tls"] = "Implicit",
                ["MailGrid:Smtp:Listeners:0:RequireAuth"] = "true",
                ["MailGrid:Smtp:Tls:CertificatePath"] = certificate,
                ["MailGrid:Smtp:Tls:Password"] = "pw",
                ["MailGrid:Smtp:AllowInsecureAuth"] = "true",
                ["MailGrid:Smtp:MaxConnectionsPerClient"] = "5",
            });
            var listener = Assert.Single(options.Listeners);
            Assert.Equal((SmtpTlsMode.Implicit, true), (listener.Tls, listener.RequireAuth));
            Assert.Equal((certificate, "pw"), (options.Tls.CertificatePath, options.Tls.Password));
            Assert.True(options.AllowInsecureAuth);
            Assert.Equal(5, options.MaxConnectionsPerClient);
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    [Fact]
    public void Shared_tls_section_wins_key_by_key_and_the_smtp_section_fills_in_the_rest()
    {
        var shared = Path.GetTempFileName();
        var legacy = Path.GetTempFileName();
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MailGrid:Smtp:Hostname"] = "mx.example.test",
                ["MailGrid:Tls:CertificatePath"] = shared,
                ["MailGrid:Smtp:Tls:CertificatePath"] = legacy,
                ["MailGrid:Smtp:Tls:Password"] = "legacy-pw",
            }).Build();
            using var services = new ServiceCollection().AddMailGridSmtp(configuration).BuildServiceProvider();

            var tls = services.GetRequiredService<IOptions<TlsCertificateOptions>>().Value;

            Assert.Equal((shared, "legacy-pw", null, "mx.example.test"), (tls.CertificatePath, tls.Password, tls.KeyPath, tls.Hostname));
        }
        finally
        {
            File.Delete(shared);
            File.Delete(legacy);
        }
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MailGrid:Smtp:TrustedNetworks:0"] = "10.0.0.0/33",
            ["MailGrid:Smtp:MaxCommandLineLength"] = "100",
            ["MailGrid:Smtp:MaxConnectionsPerClient"] = "0",
        });
        builder.Services.AddMailGridSmtp(builder.Configuration);
        builder.Services.AddSingleton<ISmtpMessageHandler, RecordingMessageHandler>();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(failure.Failures, f => f.Contains("10.0.0.0/33", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("MaxCommandLineLength", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("MaxConnectionsPerClient", StringComparison.Ordinal));
    }

    private static SmtpServerOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddMailGridSmtp(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SmtpServerOptions>>().Value;
    }
}
