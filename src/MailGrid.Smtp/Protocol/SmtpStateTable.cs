using System.Collections.Frozen;

namespace MailGrid.Smtp.Protocol;

/// <summary>
/// Which commands each state accepts, and what a command out of sequence is answered. Transitions on
/// success are taken by the session, because they depend on the handler's answer.
/// </summary>
internal static class SmtpStateTable
{
    private static readonly SmtpVerb[] AlwaysAllowed =
        [SmtpVerb.Helo, SmtpVerb.Ehlo, SmtpVerb.Rset, SmtpVerb.Noop, SmtpVerb.Quit, SmtpVerb.Vrfy, SmtpVerb.Expn, SmtpVerb.Help];

    private static readonly FrozenDictionary<SmtpSessionState, FrozenSet<SmtpVerb>> Allowed = new Dictionary<SmtpSessionState, FrozenSet<SmtpVerb>>
    {
        [SmtpSessionState.Connected] = AlwaysAllowed.ToFrozenSet(),
        [SmtpSessionState.Greeted] = AlwaysAllowed.Append(SmtpVerb.Mail).Append(SmtpVerb.StartTls).Append(SmtpVerb.Auth).ToFrozenSet(),
        [SmtpSessionState.MailStarted] = AlwaysAllowed.Append(SmtpVerb.Rcpt).ToFrozenSet(),
        [SmtpSessionState.RecipientsAdded] = AlwaysAllowed.Append(SmtpVerb.Rcpt).Append(SmtpVerb.Data).Append(SmtpVerb.Bdat).ToFrozenSet(),
        [SmtpSessionState.ReceivingChunks] = AlwaysAllowed.Append(SmtpVerb.Bdat).ToFrozenSet(),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<(SmtpSessionState, SmtpVerb), SmtpResponse> Rejections = new Dictionary<(SmtpSessionState, SmtpVerb), SmtpResponse>
    {
        [(SmtpSessionState.Connected, SmtpVerb.Mail)] = BadSequence("Error: send HELO/EHLO first"),
        [(SmtpSessionState.Connected, SmtpVerb.Rcpt)] = BadSequence("Error: need MAIL command"),
        [(SmtpSessionState.Connected, SmtpVerb.Data)] = BadSequence("Error: need MAIL command"),
        [(SmtpSessionState.Greeted, SmtpVerb.Rcpt)] = BadSequence("Error: need MAIL command"),
        [(SmtpSessionState.Greeted, SmtpVerb.Data)] = BadSequence("Error: need MAIL command"),
        [(SmtpSessionState.MailStarted, SmtpVerb.Mail)] = BadSequence("Error: nested MAIL command"),

        // Postfix's answer: the transaction exists but every RCPT was refused (RFC 5321 3.3 allows 503 or 554).
        [(SmtpSessionState.MailStarted, SmtpVerb.Data)] = new(554, "5.5.1", "Error: no valid recipients"),
        [(SmtpSessionState.RecipientsAdded, SmtpVerb.Mail)] = BadSequence("Error: nested MAIL command"),
        [(SmtpSessionState.Connected, SmtpVerb.Bdat)] = BadSequence("Error: need MAIL command"),
        [(SmtpSessionState.Greeted, SmtpVerb.Bdat)] = BadSequence("Error: need MAIL command"),
        [(SmtpSessionState.MailStarted, SmtpVerb.Bdat)] = new(554, "5.5.1", "Error: no valid recipients"),
        [(SmtpSessionState.ReceivingChunks, SmtpVerb.Mail)] = BadSequence("Error: nested MAIL command"),
        [(SmtpSessionState.ReceivingChunks, SmtpVerb.Data)] = BadSequence("Error: DATA is not allowed after BDAT"),
    }.ToFrozenDictionary();

    private static readonly SmtpResponse Generic = BadSequence("Error: bad sequence of commands");

    /// <summary>Null when <paramref name="verb"/> may run in <paramref name="state"/>, else the reply refusing it.</summary>
    public static SmtpResponse? Check(SmtpSessionState state, SmtpVerb verb) =>
        Allowed[state].Contains(verb) ? null : Rejections.GetValueOrDefault((state, verb), Generic);

    private static SmtpResponse BadSequence(string text) => new(503, "5.5.1", text);
}
