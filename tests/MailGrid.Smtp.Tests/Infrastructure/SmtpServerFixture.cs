using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>A real Kestrel host on 127.0.0.1 and a free port, serving the engine with a recording handler.</summary>
public class SmtpServerFixture : IAsyncLifetime
{
    public const string Hostname = "mx.test.mailgrid";

    private WebApplication? _app;

    public RecordingMessageHandler Handler { get; } = new();

    /// <summary>Never advanced by most tests, so Received dates are fixed and timeouts never fire.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 30, 5, TimeSpan.Zero));

    public ErrorLogCollector Logs { get; } = new();

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddProvider(Logs);
        builder.Services.AddMailGridSmtp(Configure);
        builder.Services.AddSingleton<ISmtpMessageHandler>(Handler);
        builder.Services.AddSingleton<TimeProvider>(Time);
        ConfigureServices(builder.Services);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseMailGridSmtp("mx")));
        _app = builder.Build();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public Task<RawSmtpClient> ConnectAsync() => RawSmtpClient.ConnectAsync(Port);

    /// <summary>Registrations after the defaults (a later registration wins, e.g. another message handler).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected virtual void Configure(SmtpServerOptions options)
    {
        options.Hostname = Hostname;
        options.MaxMessageSize = 64 * 1024;
        options.MaxRecipients = 3;
        options.MaxErrors = 10;
    }
}
