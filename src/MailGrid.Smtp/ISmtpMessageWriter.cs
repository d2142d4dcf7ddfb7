namespace MailGrid.Smtp;

/// <summary>
/// The sink of one message body. The engine writes the Received header and then the unstuffed body to
/// <see cref="Body"/>, then calls <see cref="CommitAsync"/> and sends its response as the reply to the
/// end of data. Disposal without a commit abandons the message.
/// </summary>
public interface ISmtpMessageWriter : IAsyncDisposable
{
    /// <summary>The id the message is known by (written into the Received header and the 250 reply).</summary>
    string MessageId { get; }

    Stream Body { get; }

    /// <summary>Makes the message durable and hands it on. 250 only when it is; 451 4.3.0 when storage or the cluster fail.</summary>
    ValueTask<SmtpResponse> CommitAsync(long size, CancellationToken cancellationToken);
}
