using System.Text;

namespace MailGrid.Smtp.Session;

/// <summary>DATA: the body streamed into the handler's writer, behind our Received header.</summary>
internal sealed partial class SmtpSession
{
    private async ValueTask DataAsync()
    {
        var transaction = _transaction!;
        if (transaction.MailParameters.TryGetValue("BODY", out var bodyType) && bodyType == "BINARYMIME")
        {
            ReplyError(EsmtpReplies.BinaryMimeNeedsBdat);
            return;
        }

        ISmtpMessageWriter writer;
        try
        {
            writer = await _handler.BeginMessageAsync(Info, transaction, _aborted);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            LogHandlerFailed(ex, Info.SessionId, "DATA");
            Finish(SmtpReplies.TemporaryFailure);
            return;
        }

        await using (writer)
        {
            Reply(SmtpReplies.StartData);
            await _replies.FlushAsync(CancellationToken.None);

            Exception? headerFailure = null;
            var now = _time.GetUtcNow();
            var header = Encoding.UTF8.GetBytes(ReceivedHeaderBuilder.Build(Hostname, Info, transaction, writer.MessageId, now));
            var sink = SubmissionHeaders.Wrap(writer.Body, Info, _options, writer.MessageId, now);
            try
            {
                await writer.Body.WriteAsync(header, _aborted);
            }
            catch (Exception ex) when (!_aborted.IsCancellationRequested)
            {
                headerFailure = ex;
            }

            var data = await SmtpDataReader.ReadAsync(
                _lines.Input, sink, _options.MaxMessageSize, _options.MaxTextLineLength, _deadline, _options.DataTimeout, _aborted);
            _telemetry.BytesReceived(data.BodyBytes);
            if (!data.Completed)
            {
                // The client left mid-message; disposing the writer uncommitted abandons it.
                _closing = true;
                LogClientDisconnected(Info.SessionId);
                return;
            }

            long inserted = 0;
            try
            {
                inserted = (headerFailure ?? data.WriteFailure) is null ? await SubmissionHeaders.CompleteAsync(sink, _aborted) : 0;
            }
            catch (Exception ex) when (!_aborted.IsCancellationRequested)
            {
                headerFailure = ex;
            }

            var failure = headerFailure ?? data.WriteFailure;
            if (failure is not null)
            {
                LogHandlerFailed(failure, Info.SessionId, "DATA");
            }

            var response = data.TooLarge ? SmtpReplies.MessageTooBig
                : data.LineTooLong ? SmtpReplies.BodyLineTooLong
                : failure is not null ? SmtpReplies.TemporaryFailure
                : await CommitAsync(writer, header.Length + data.BodyBytes + inserted);
            if (response.IsPositive)
            {
                _telemetry.MessageAccepted();
                LogMessageAccepted(Info.SessionId, writer.MessageId, data.BodyBytes, transaction.Recipients.Count);
            }
            else
            {
                _telemetry.MessageRejected(response.Code);
                LogMessageRejected(Info.SessionId, writer.MessageId, response.ToString());
            }

            Finish(response);
        }
    }

    private async ValueTask<SmtpResponse> CommitAsync(ISmtpMessageWriter writer, long size)
    {
        try
        {
            return await writer.CommitAsync(size, _aborted);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            LogHandlerFailed(ex, Info.SessionId, "commit");
            return SmtpReplies.TemporaryFailure;
        }
    }

    /// <summary>Whatever the end of data came to, the transaction is over (RFC 5321 4.1.1.4).</summary>
    private void Finish(SmtpResponse response)
    {
        TagTransaction(response);
        ResetTransaction();
        Reply(response);
    }
}
