using System.Collections.Concurrent;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>
/// The storage side of the engine for tests: keeps every committed body in memory. Addresses steer the
/// error paths: a local part "fail451" throws at RCPT, "reject550" is refused, "commitfail" throws at commit,
/// a sender "tempfail@..." throws at MAIL.
/// </summary>
public sealed class RecordingMessageHandler : ISmtpMessageHandler
{
    private int _nextId;

    public ConcurrentDictionary<string, RecordedMessage> Messages { get; } = new();

    public ConcurrentQueue<string> AbandonedMessageIds { get; } = new();

    public SmtpSessionInfo? LastSession { get; private set; }

    public ValueTask<SmtpResponse> CheckSenderAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken)
    {
        LastSession = session;
        return transaction.ReversePath.StartsWith("tempfail@", StringComparison.Ordinal)
            ? throw new InvalidOperationException("sender check failed")
            : ValueTask.FromResult(new SmtpResponse(250, "2.1.0", "Ok"));
    }

    public ValueTask<RecipientDecision> CheckRecipientAsync(
        SmtpSessionInfo session, SmtpTransaction transaction, string address, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        if (address.StartsWith("fail451@", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("recipient lookup failed");
        }

        return ValueTask.FromResult(address.StartsWith("reject550@", StringComparison.Ordinal)
            ? new RecipientDecision(new SmtpResponse(550, "5.1.1", "Error: no such user"))
            : new RecipientDecision(new SmtpResponse(250, "2.1.5", "Ok"), address.ToUpperInvariant()));
    }

    public ValueTask<ISmtpMessageWriter> BeginMessageAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken)
    {
        var id = $"T{Interlocked.Increment(ref _nextId):D6}";
        return ValueTask.FromResult<ISmtpMessageWriter>(new Writer(this, id, transaction));
    }

    private sealed class Writer(RecordingMessageHandler owner, string id, SmtpTransaction transaction) : ISmtpMessageWriter
    {
        private readonly MemoryStream _body = new();
        private bool _committed;

        public string MessageId => id;

        public Stream Body => _body;

        public ValueTask<SmtpResponse> CommitAsync(long size, CancellationToken cancellationToken)
        {
            if (transaction.Recipients.Any(r => r.Address.StartsWith("commitfail@", StringComparison.Ordinal)))
            {
                throw new IOException("storage unavailable");
            }

            _committed = true;
            owner.Messages[id] = new RecordedMessage(id, transaction, _body.ToArray(), size);
            return ValueTask.FromResult(new SmtpResponse(250, "2.0.0", $"Ok: queued as {id}"));
        }

        public ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                owner.AbandonedMessageIds.Enqueue(id);
            }

            return ValueTask.CompletedTask;
        }
    }
}
