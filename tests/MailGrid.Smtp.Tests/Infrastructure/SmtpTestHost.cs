using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>
/// A real Kestrel host on 127.0.0.1 serving the engine on several listeners, each on a free port; the bound
/// port of each listener is read back from its <see cref="ListenOptions"/> after start.
/// </summary>
public sealed class SmtpTestHost : IAsyncDisposable
{
    private readonly Dictionary<string, ListenOptions> _endpoints = [];
    private bool _stopped;

    private SmtpTestHost(WebApplication app, RecordingMessageHandler handler, ErrorLogCollector logs)
    {
        App = app;
        Handler = handler;
        Logs = logs;
    }

    public WebApplication App { get; }

    public RecordingMessageHandler Handler { get; }

    public ErrorLogCollector Logs { get; }

    /// <summary>Every log entry at Debug or above.</summary>
    public ErrorLogCollector AllLogs { get; private init; } = new();

    public static async Task<SmtpTestHost> StartAsync(
        IReadOnlyList<SmtpListenerOptions> listeners, Action<SmtpServerOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var endpoints = new Dictionary<string, ListenOptions>();
        var handler = new RecordingMessageHandler();
        var logs = new ErrorLogCollector();
        var allLogs = new ErrorLogCollector(LogLevel.Debug);
        builder.Logging.ClearProviders().AddProvider(logs).AddProvider(allLogs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddMailGridSmtp(o =>
        {
            o.Hostname = SmtpServerFixture.Hostname;
            o.AuthFailureDelay = TimeSpan.Zero;
            o.Listeners.AddRange(listeners);
            configure?.Invoke(o);
        });
        builder.Services.AddSingleton<ISmtpMessageHandler>(handler);
        services?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var listener in listeners)
            {
                k.Listen(IPAddress.Loopback, 0, l =>
                {
                    endpoints[listener.Name] = l;
                    l.UseMailGridSmtp(listener);
                });
            }
        });
        var app = builder.Build();
        await app.StartAsync();
        var host = new SmtpTestHost(app, handler, logs) { AllLogs = allLogs };
        foreach (var (name, endpoint) in endpoints)
        {
            host._endpoints[name] = endpoint;
        }

        return host;
    }

    /// <summary>The port a listener was bound to.</summary>
    public int Port(string listener) => _endpoints[listener].IPEndPoint!.Port;

    public Task StopAsync()
    {
        _stopped = true;
        return App.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await App.StopAsync();
        }

        await App.DisposeAsync();
    }
}
