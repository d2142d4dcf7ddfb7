using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MailGrid.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace MailGrid.AppHost.Tests;

/// <summary>
/// Starts the whole AppHost model (redis-server, two silos, two ingresses) through Aspire.Hosting.Testing,
/// sends mail through each ingress and reads it back over the silos' HTTP API.
/// </summary>
public sealed class AppHostMailFlowTests
{
    private const string Mailbox = "demo@example.test";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Resources = ["redis-server", "silo-1", "silo-2", "ingress-1", "ingress-2"];

    [Fact]
    public async Task MailSentThroughEachIngressLandsInTheMailboxServedByBothSilos()
    {
        using var data = MailGrid.Testing.TempDirectory.Create("mailgrid-apphost-");
        var arguments = new AppHostArguments(data.Path);
        using var timeout = new CancellationTokenSource(StartTimeout + DeliveryTimeout);
        var cancellationToken = timeout.Token;

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MailGrid_AppHost>(
            arguments.ToArgs(), (options, _) => options.DisableDashboard = true, cancellationToken);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            // Probes fail by design until a process listens, and again while the model stops.
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        await using var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        foreach (var resource in Resources)
        {
            await WaitHealthyAsync(app, resource, cancellationToken);
        }

        // The model's endpoints are the ports the test asked for: nothing else in the suite uses them.
        var mxPort = app.GetEndpoint("ingress-1", "mx").Port;
        Assert.Equal(arguments["Ingress1:MxPort"], mxPort);
        var submissionPort = app.GetEndpoint("ingress-2", "submission").Port;
        Assert.Equal(arguments["Ingress2:SubmissionPort"], submissionPort);

        // Through ingress-1's mx listener, unauthenticated, to a local mailbox.
        var relayed = NewMessage("someone@elsewhere.test", "via ingress-1 mx");
        await SmtpTestClient.SendWithRetryAsync(mxPort, relayed, DeliveryTimeout, cancellationToken);

        // Through ingress-2's submission listener: STARTTLS, then AUTH as the demo account.
        var submitted = NewMessage(Mailbox, "via ingress-2 submission");
        await SubmitAsync(submissionPort, submitted, cancellationToken);

        using var silo1 = LoopbackClient(app.GetEndpoint("silo-1", "http").Port);
        using var silo2 = LoopbackClient(app.GetEndpoint("silo-2", "http").Port);
        var listed = await Eventually.ValueAsync(
            () => ListSubjectsAsync(silo1, cancellationToken),
            subjects => subjects.Count == 2,
            DeliveryTimeout,
            $"both messages in {Mailbox} (silo-1 API)");

        // The other silo serves the same mailbox, raw RFC 5322 included.
        var raw = await silo2.GetByteArrayAsync(new Uri($"api/mailboxes/{Mailbox}/messages/{listed[submitted.Subject!]}", UriKind.Relative), cancellationToken);
        using var stream = new MemoryStream(raw);
        var stored = await MimeMessage.LoadAsync(stream, cancellationToken);
        Assert.Equal(submitted.Subject, stored.Subject);
        Assert.Equal(submitted.MessageId, stored.MessageId);
        Assert.True(listed.ContainsKey(relayed.Subject!));
    }

    private static async Task WaitHealthyAsync(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        try
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var state = app.ResourceNotifications.TryGetCurrentState(resource, out var current) ? current.Snapshot.State?.Text : "unknown";
            throw new TimeoutException($"{resource} was not healthy within {StartTimeout.TotalSeconds} s (state: {state}).");
        }
    }

    private static HttpClient LoopbackClient(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

    private static MimeMessage NewMessage(string from, string subject) => new()
    {
        From = { MailboxAddress.Parse(from) },
        To = { MailboxAddress.Parse(Mailbox) },
        Subject = $"{subject} {Guid.NewGuid():N}",
        MessageId = $"{Guid.NewGuid():N}@client.test",
        Body = new TextPart("plain") { Text = "Hello through the Aspire topology." },
    };

    private static async Task SubmitAsync(int port, MimeMessage message, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var client = new SmtpClient
        {
            LocalDomain = "client.test",
            Timeout = 30_000,
            // The ingress generates a self-signed certificate at start.
#pragma warning disable CA5359
            ServerCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
        };
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
        await client.ConnectAsync(socket, "127.0.0.1", port, SecureSocketOptions.StartTls, cancellationToken);
        await client.AuthenticateAsync(Mailbox, "demo-password", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>Subject to UID of every message in the mailbox.</summary>
    private static async Task<Dictionary<string, long>> ListSubjectsAsync(HttpClient silo, CancellationToken cancellationToken)
    {
        var list = await silo.GetFromJsonAsync<JsonElement>(new Uri($"api/mailboxes/{Mailbox}/messages", UriKind.Relative), cancellationToken);
        var subjects = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in list.GetProperty("messages").EnumerateArray())
        {
            var uid = entry.GetProperty("uid").GetInt64();
            var raw = await silo.GetByteArrayAsync(new Uri($"api/mailboxes/{Mailbox}/messages/{uid}", UriKind.Relative), cancellationToken);
            using var stream = new MemoryStream(raw);
            subjects[(await MimeMessage.LoadAsync(stream, cancellationToken)).Subject ?? ""] = uid;
        }

        return subjects;
    }
}
