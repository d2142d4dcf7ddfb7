namespace MailGrid.Smtp.Session;

/// <summary>A message arriving in BDAT chunks: its writer, the sink the chunks go to, and what has come so far.</summary>
internal sealed class ChunkedMessage(ISmtpMessageWriter writer, Stream sink, int receivedHeaderLength)
{
    public ISmtpMessageWriter Writer { get; } = writer;

    /// <summary>The writer's body, or a <see cref="MissingHeaderInserter"/> in front of it.</summary>
    public Stream Sink { get; } = sink;

    public int ReceivedHeaderLength { get; } = receivedHeaderLength;

    /// <summary>Chunk octets received so far (all of them, also those past the size limit).</summary>
    public long BodyBytes { get; set; }

    /// <summary>The first failure writing to the sink; the message cannot be committed.</summary>
    public Exception? WriteFailure { get; set; }
}
