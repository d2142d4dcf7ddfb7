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
            .. EsmtpKeywords.Advertised,
            "ENHANCEDSTATUSCODES",
        ]);
    }

    private async ValueTask MailAsync(SmtpCommand command)
    {
        var refusal = MailParameterValidator.Validate(command.Parameters, _options.MaxMessageSize, out var parameters);
        if (refusal is null && EsmtpKeywords.NeedsSmtpUtf8(command.Path) && !parameters.ContainsKey("SMTPUTF8"))
        {
            refusal = EsmtpReplies.Utf8AddressWithoutSmtpUtf8;
        }

        if (refusal is not null)
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

        var transaction = new SmtpTransaction { ReversePath = command.Path, MailParameters = parameters };
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

    private async ValueTask RecipientAsync(SmtpCommand command)
    {
        var transaction = _transaction!;
        var refusal = RecipientParameterValidator.Validate(command.Parameters, out var parameters);
        if (refusal is null && EsmtpKeywords.NeedsSmtpUtf8(command.Path) && !transaction.MailParameters.ContainsKey("SMTPUTF8"))
        {
            refusal = EsmtpReplies.Utf8AddressWithoutSmtpUtf8;
        }

        if (refusal is not null)
        {
            ReplyError(refusal);
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
            decision = await _handler.CheckRecipientAsync(Info, transaction, command.Path, parameters, _aborted);
        }
        catch (Exception ex) when (!_aborted.IsCancellationRequested)
        {
            LogHandlerFailed(ex, Info.SessionId, "RCPT");
            decision = new RecipientDecision(SmtpReplies.TemporaryFailure);
        }

        if (decision.Response.IsPositive)
        {
            transaction.AddRecipient(new SmtpRecipient(command.Path, parameters, decision.HandlerState));
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
        AbandonChunks();
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
