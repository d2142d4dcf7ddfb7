using System.Collections.Concurrent;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// Parallel SMTP senders over a fixed set of messages spread across ingress ports, each to one local mailbox
/// and one remote recipient; retries 4xx like a real client. Messages from an index on are held until
/// <see cref="Release"/>, so an event awaited by a test still happens while mail is flowing.
/// </summary>
internal sealed class ParallelLoad(int messageCount, int[] ingressPorts, TimeSpan deadline)
{
    private readonly ConcurrentBag<AcceptedMessage> _accepted = [];
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _acceptedWaiters = new();
    private int _next = -1;
    private int _acceptedCount;
    private int _retriedMessages;

    /// <summary>Messages whose first attempt got a 4xx or lost its connection.</summary>
    public int RetriedMessages => Volatile.Read(ref _retriedMessages);

    /// <summary>Messages answered 250 so far.</summary>
    public int AcceptedCount => Volatile.Read(ref _acceptedCount);

    /// <summary>Lets the held messages go.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Completes once <paramref name="count"/> messages were answered 250.</summary>
    public Task WaitForAcceptedAsync(int count)
    {
        var waiter = _acceptedWaiters.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Volatile.Read(ref _acceptedCount) >= count)
        {
            waiter.TrySetResult();
        }

        return waiter.Task.WaitAsync(deadline);
    }

    /// <summary>Sends every message with <paramref name="senders"/> parallel clients; returns them all, accepted.</summary>
    public async Task<IReadOnlyList<AcceptedMessage>> RunAsync(int senders, int heldFrom)
    {
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(() => SendLoopAsync(heldFrom))));
        return [.. _accepted.OrderBy(m => m.Index)];
    }

    private async Task SendLoopAsync(int heldFrom)
    {
        for (var index = Interlocked.Increment(ref _next); index < messageCount; index = Interlocked.Increment(ref _next))
        {
            if (index >= heldFrom)
            {
                await _released.Task.WaitAsync(deadline);
            }

            var local = $"user{index % 20}@example.test";
            var remote = $"r{index}@d{index % 6}.test";
            var message = MessageBytes.NewMessage("sender@client.test", local, $"load {index}", $"load message {index}");
            message.Cc.Add(MimeKit.MailboxAddress.Parse(remote));
            var reply = await SendAsync(ingressPorts[index % ingressPorts.Length], message);
            _accepted.Add(new AcceptedMessage(index, QueuedAs.Id(reply), local, remote));
            var count = Interlocked.Increment(ref _acceptedCount);
            foreach (var (threshold, waiter) in _acceptedWaiters)
            {
                if (count >= threshold)
                {
                    waiter.TrySetResult();
                }
            }
        }
    }

    /// <summary>One plain attempt, then (counted) the retrying client: 4xx and dropped connections are tried again.</summary>
    private async Task<string> SendAsync(int port, MimeKit.MimeMessage message)
    {
        try
        {
            return await SmtpTestClient.SendAsync(port, message);
        }
        catch (Exception exception) when (SmtpTestClient.IsTransient(exception))
        {
            Interlocked.Increment(ref _retriedMessages);
        }

        return await SmtpTestClient.SendWithRetryAsync(port, message, deadline);
    }
}
