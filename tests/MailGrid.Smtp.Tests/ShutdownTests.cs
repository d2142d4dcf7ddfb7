using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>A host wired the way production hosts do it (listeners from options), stopped under a live session.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Listeners_come_from_options_and_shutdown_says_421_to_idle_sessions()
    {
        var handler = new RecordingMessageHandler();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMailGridSmtp(o =>
        {
            o.Hostname = SmtpServerFixture.Hostname;
            o.Listeners.Add(new SmtpListenerOptions { Name = "submission", Address = "127.0.0.1", Port = 0 });
        });
        builder.Services.AddSingleton<ISmtpMessageHandler>(handler);
        builder.WebHost.ConfigureKestrel(k => k.ListenMailGridSmtp());
        await using var app = builder.Build();
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;

        await using var client = await RawSmtpClient.ConnectAndGreetAsync(port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        Assert.Equal("submission", handler.LastSession!.ListenerName);
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));

        var reply = client.ReadReplyAsync();
        await app.StopAsync();
        Assert.Equal(["421 4.3.2 mx.test.mailgrid Service shutting down, closing channel"], await reply);
    }
}
