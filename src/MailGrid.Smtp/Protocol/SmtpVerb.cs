namespace MailGrid.Smtp.Protocol;

/// <summary>The commands the engine knows; anything else parses as <see cref="Unknown"/>.</summary>
internal enum SmtpVerb
{
    Unknown,
    Helo,
    Ehlo,
    StartTls,
    Auth,
    Mail,
    Rcpt,
    Data,
    Rset,
    Noop,
    Quit,
    Vrfy,
    Expn,
    Help,
    Bdat,
}
