using MailGrid.Accounts;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Testing;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>A full restart on the same data folder: API accounts come back and the start-up scan resumes queued mail.</summary>
public sealed class SiloRestartTests : IDisposable
{
    private static readonly Dictionary<string, string> Delivery = new()
    {
        ["FirstRetryDelay"] = "00:00:00.100",
        ["MaxRetryDelay"] = "00:00:01",
    };

    private readonly TempDirectory _data = TempDirectory.Create("mailgrid-grains-restart-");

    [Fact]
    public async Task Accounts_and_queued_mail_survive_a_restart()
    {
        var domain = TestMessages.SinkDomain("restart");
        var recipient = $"ron@{domain}";
        string messageId;
        await using (var before = await MailGridCluster.StartAsync(Delivery, _data.Path))
        {
            await before.Client.GetGrain<IDirectoryGrain>(0).UpsertAccountAsync(new Account { Address = "erin@example.com", Aliases = ["e@example.com"] });

            // The next hop refuses every connection: the message stays queued.
            before.Sink.RejectConnections = true;
            messageId = (await TestMessages.AcceptAsync(before, "survivor", TestMessages.Remote(recipient))).MessageId;
            await TestMessages.WaitForRecipientsAsync(before, messageId, s => s[recipient].State == RecipientState.Deferred, "a deferral before the restart");
        }

        await using var after = await MailGridCluster.StartAsync(Delivery, _data.Path);

        var resolution = await after.Client.GetGrain<IDirectoryGrain>(0).ResolveAsync("E@example.com");
        Assert.Equal(new RecipientResolution { Kind = RecipientResolutionKind.LocalMailbox, Target = "erin@example.com" }, resolution);

        // Nobody touches the domain's grain: only the scan QueueRecoveryService runs at start can resume it.
        var received = await Eventually.WaitAsync(
            () => Task.FromResult(after.Sink.Messages.Where(m => m.Recipients.Contains(recipient)).ToArray()),
            found => found.Length > 0,
            $"the queued message for {recipient} to be delivered after the restart");
        Assert.Equal("survivor", Assert.Single(received).ToMimeMessage().Subject);
        var statuses = await TestMessages.WaitForRecipientsAsync(after, messageId, s => s[recipient].State == RecipientState.Delivered, "delivered after restart");
        Assert.True(statuses[recipient].Attempts >= 2);
    }

    public void Dispose() => _data.Dispose();
}
