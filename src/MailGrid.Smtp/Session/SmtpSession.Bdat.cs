using System.Text;
using MailGrid.Smtp.Protocol;

namespace MailGrid.Smtp.Session;

/// <summary>
/// BDAT (RFC 3030 CHUNKING): each chunk's exact octets stream into the same writer, behind our Received header,
/// without dot-unstuffing or line rules. A chunk is always read to its end, even when the command is refused,
/// so the next command starts where the client meant it to.
/// </summary>
internal sealed partial class SmtpSession
{
    private ChunkedMessage? _chunks;
    private ChunkedMessage? _abandonedChunks;

    private async ValueTask ChunkAsync(SmtpCommand command)
    {
        if (command.SyntaxError is not null)
        {
            // The chunk size is unknown, so is where the next command starts: reading on would run message content as commands.
            ReplyError(SmtpReplies.Syntax(command.SyntaxError));
            _closing = true;
            return;
        }

        if (SmtpStateTable.Check(_state, SmtpVerb.Bdat) is { } outOfSequence)
        {
            if (await ReadChunkAsync(command.ChunkSize, sink: null, 0))
            {
                ReplyError(outOfSequence);
            }

            return;
        }

        var chunks = _chunks ?? await BeginChunksAsync();
        if (chunks is null)
        {
            if (await ReadChunkAsync(command.ChunkSize, sink: null, 0))
            {
                Finish(SmtpReplies.TemporaryFailure);
            }

            return;
        }

        var writeLimit = chunks.WriteFailure is null ? _options.MaxMessageSize - chunks.BodyBytes : 0;
        if (!await ReadChunkAsync(command.ChunkSize, chunks.Sink, writeLimit, chunks))
        {
            return;
        }

        chunks.BodyBytes += command.ChunkSize;
        if (chunks.BodyBytes > _options.MaxMessageSize)
        {
            await FinishChunksAsync(chunks, SmtpReplies.MessageTooBig);
        }
        else if (chunks.WriteFailure is not null)
        {
            LogHandlerFailed(chunks.WriteFailure, Info.SessionId, "BDAT");
            await FinishChunksAsync(chunks, SmtpReplies.TemporaryFailure);
        }
        else if (!command.IsLastChunk)
        {
            Reply(EsmtpReplies.ChunkReceived(command.ChunkSize));
        }
        else
        {
            await FinishChunksAsync(chunks, await CompleteChunksAsync(chunks));
        }
    }

    /// <summary>Opens the writer at the first chunk and writes the Received header; null when the handler failed.</summary>
    private async ValueTask<ChunkedMessage?> BeginChunksAsync()
    {
        var transaction = _transaction!;
        ISmtpMessageWriter writer;
        try
        {
            writer = await _handler.BeginMessageAsync(Info, transaction, _aborted);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            LogHandlerFailed(ex, Info.SessionId, "BDAT");
            return null;
        }

        var now = _time.GetUtcNow();
        var header = Encoding.UTF8.GetBytes(ReceivedHeaderBuilder.Build(Hostname, Info, transaction, writer.MessageId, now));
        var chunks = new ChunkedMessage(writer, SubmissionHeaders.Wrap(writer.Body, Info, _options, writer.MessageId, now), header.Length);
        try
        {
            await writer.Body.WriteAsync(header, _aborted);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            chunks.WriteFailure = ex;
        }

        _chunks = chunks;
        _state = SmtpSessionState.ReceivingChunks;
        return chunks;
    }

    /// <summary>Reads one chunk to its end; false when the client left before (the session then ends).</summary>
    private async ValueTask<bool> ReadChunkAsync(long size, Stream? sink, long writeLimit, ChunkedMessage? chunks = null)
    {
        var result = await SmtpChunkReader.ReadAsync(_lines.Input, size, sink, writeLimit, _deadline, _options.DataTimeout, _aborted);
        _telemetry.BytesReceived(size);
        if (chunks is not null)
        {
            chunks.WriteFailure ??= result.WriteFailure;
        }

        if (!result.Completed)
        {
            // Ending the session abandons an open message (its writer is disposed uncommitted).
            _closing = true;
            LogClientDisconnected(Info.SessionId);
        }

        return result.Completed;
    }

    private async ValueTask<SmtpResponse> CompleteChunksAsync(ChunkedMessage chunks)
    {
        long inserted;
        try
        {
            inserted = await SubmissionHeaders.CompleteAsync(chunks.Sink, _aborted);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            LogHandlerFailed(ex, Info.SessionId, "BDAT");
            return SmtpReplies.TemporaryFailure;
        }

        return await CommitAsync(chunks.Writer, chunks.ReceivedHeaderLength + chunks.BodyBytes + inserted);
    }

    /// <summary>Ends the chunked transaction with <paramref name="response"/> and releases its writer (uncommitted unless the response says otherwise).</summary>
    private async ValueTask FinishChunksAsync(ChunkedMessage chunks, SmtpResponse response)
    {
        _chunks = null;
        if (response.IsPositive)
        {
            _telemetry.MessageAccepted();
            LogMessageAccepted(Info.SessionId, chunks.Writer.MessageId, chunks.BodyBytes, _transaction!.Recipients.Count);
        }
        else
        {
            _telemetry.MessageRejected(response.Code);
            LogMessageRejected(Info.SessionId, chunks.Writer.MessageId, response.ToString());
        }

        Finish(response);
        await ReleaseAsync(chunks);
    }

    /// <summary>RSET, HELO/EHLO or the end of the session drop an unfinished chunked message (see <see cref="ReleaseAbandonedChunksAsync"/>).</summary>
    private void AbandonChunks()
    {
        _abandonedChunks ??= _chunks;
        _chunks = null;
    }

    private async ValueTask ReleaseAbandonedChunksAsync()
    {
        if (_abandonedChunks is { } chunks)
        {
            _abandonedChunks = null;
            await ReleaseAsync(chunks);
        }
    }

    private async ValueTask ReleaseAsync(ChunkedMessage chunks)
    {
        try
        {
            await chunks.Writer.DisposeAsync();
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, Info.SessionId, "BDAT");
        }
    }
}
