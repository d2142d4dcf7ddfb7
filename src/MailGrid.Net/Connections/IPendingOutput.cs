using System.IO.Pipelines;

namespace MailGrid.Net.Connections;

/// <summary>
/// A session's replies written but not yet flushed. <see cref="LineReader"/> flushes them right before it would block,
/// so pipelined commands get their replies in one write (RFC 2920) and no client waits for a reply still buffered.
/// </summary>
public interface IPendingOutput
{
    ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken);
}
