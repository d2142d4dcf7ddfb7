using MailGrid.Smtp;

namespace MailGrid.Benchmarks.Micro;

/// <summary>Accepts every sender and recipient and discards every body, synchronously: what is left to measure is the engine.</summary>
internal sealed class DiscardingMessageHandler : ISmtpMessageHandler
{
    private static readonly SmtpResponse SenderOk = new(250, "2.1.0", "Ok");
    private static readonly RecipientDecision RecipientOk = new(new SmtpResponse(250, "2.1.5", "Ok"));
    private static readonly SmtpResponse Queued = new(250, "2.0.0", "Ok: queued");

    public ValueTask<SmtpResponse> CheckSenderAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken)
        => ValueTask.FromResult(SenderOk);

    public ValueTask<RecipientDecision> CheckRecipientAsync(
        SmtpSessionInfo session, SmtpTransaction transaction, string address, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
        => ValueTask.FromResult(RecipientOk);

    public ValueTask<ISmtpMessageWriter> BeginMessageAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken)
        => ValueTask.FromResult<ISmtpMessageWriter>(new Writer());

    private sealed class Writer : ISmtpMessageWriter
    {
        public string MessageId => "bench";

        public Stream Body => Stream.Null;

        public ValueTask<SmtpResponse> CommitAsync(long size, CancellationToken cancellationToken) => ValueTask.FromResult(Queued);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
