using System.Diagnostics;
using System.Globalization;
using MailGrid.Smtp.Protocol;

namespace MailGrid.Smtp.Session;

/// <summary>HELO/EHLO, MAIL and RCPT: the envelope.</summary>
internal sealed partial class SmtpSession
{
    private void Hello(SmtpCommand command)
    {
        // RFC 5321 4.1.4: a HELO/EHLO in the middle of a transaction resets it.
        ResetTransaction();
        Info.HeloName = command.Argument;
        Info.IsExtended = command.Verb == SmtpVerb.Ehlo;
        _state = SmtpSessionState.Greeted;
        if (!Info.IsExtended)
        {
            Reply(new SmtpResponse(250, "", Hostname));
            return;
        }

        // Only what is implemented is advertised; STARTTLS, AUTH, CHUNKING come with their code.
        _replies.WriteLines(250,
        [
            Hostname,
            .. SecurityExtensions(),
            "PIPELINING",
            string.Create(CultureInfo.InvariantCulture, $"SIZE {_options.MaxMessageSize}"),
            "8BITMIME",
            "ENHANCEDSTATUSCODES",
        ]);
    }

    private async ValueTask MailAsync(SmtpCommand command)
    {
        if (CheckMailParameters(command.Parameters) is { } refusal)
        {
            if (refusal.Code == 552)
            {
                Reply(refusal);
            }
            else
            {
                ReplyError(refusal);
            }

            return;
        }

        var transaction = new SmtpTransaction { ReversePath = command.Path, MailParameters = command.Parameters };
        SmtpResponse response;
        try
        {
            response = await _handler.CheckSenderAsync(Info, transaction, _aborted);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            LogHandlerFailed(ex, Info.SessionId, "MAIL");
            response = SmtpReplies.TemporaryFailure;
        }

        if (response.IsPositive)
        {
            _transaction = transaction;
            _state = SmtpSessionState.MailStarted;
            _transactionActivity = _telemetry.ActivitySource.StartActivity("smtp.transaction");
            _transactionActivity?.SetTag("smtp.session_id", Info.SessionId);
        }

        Reply(response);
    }

    private SmtpResponse? CheckMailParameters(IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var (keyword, value) in parameters)
        {
            switch (keyword)
            {
                case "SIZE":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    {
                        return SmtpReplies.BadSizeParameter;
                    }

                    if (size > _options.MaxMessageSize)
                    {
                        return SmtpReplies.SizeExceeded;
                    }

                    break;
                case "BODY":
                    if (!value.Equals("7BIT", StringComparison.OrdinalIgnoreCase) && !value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase))
                    {
                        return SmtpReplies.BadBodyParameter;
                    }

                    break;
                default:
                    return SmtpReplies.UnsupportedParameter(keyword);
            }
        }

        return null;
    }

    private async ValueTask RecipientAsync(SmtpCommand command)
    {
        var transaction = _transaction!;
        if (command.Parameters.Count > 0)
        {
            ReplyError(SmtpReplies.UnsupportedParameter(command.Parameters.Keys.First()));
            return;
        }

        if (transaction.Recipients.Count >= _options.MaxRecipients)
        {
            Reply(SmtpReplies.TooManyRecipients);
            return;
        }

        RecipientDecision decision;
        try
        {
            decision = await _handler.CheckRecipientAsync(Info, transaction, command.Path, command.Parameters, _aborted);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            LogHandlerFailed(ex, Info.SessionId, "RCPT");
            decision = new RecipientDecision(SmtpReplies.TemporaryFailure);
        }

        if (decision.Response.IsPositive)
        {
            transaction.AddRecipient(new SmtpRecipient(command.Path, command.Parameters, decision.HandlerState));
            _state = SmtpSessionState.RecipientsAdded;
        }

        Reply(decision.Response);
    }

    private void ResetTransaction()
    {
        EndTransaction();
        if (_state != SmtpSessionState.Connected)
        {
            _state = SmtpSessionState.Greeted;
        }
    }

    private void EndTransaction()
    {
        _transaction = null;
        _transactionActivity?.Dispose();
        _transactionActivity = null;
    }

    private void TagTransaction(SmtpResponse response)
    {
        _transactionActivity?.SetTag("smtp.reply_code", response.Code);
        if (!response.IsPositive)
        {
            _transactionActivity?.SetStatus(ActivityStatusCode.Error, response.ToString());
        }
    }
}
