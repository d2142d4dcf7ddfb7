namespace MailGrid.Smtp.Protocol;

/// <summary>Where a session stands in RFC 5321's command sequence.</summary>
internal enum SmtpSessionState
{
    /// <summary>Greeting sent, no HELO/EHLO yet.</summary>
    Connected,

    /// <summary>HELO/EHLO accepted, no transaction.</summary>
    Greeted,

    /// <summary>MAIL accepted, no recipient yet.</summary>
    MailStarted,

    /// <summary>At least one RCPT accepted: DATA may follow.</summary>
    RecipientsAdded,

    /// <summary>At least one BDAT chunk received, no LAST yet (RFC 3030): only BDAT continues the transaction.</summary>
    ReceivingChunks,
}
