namespace MailGrid.Smtp.Session;

/// <summary>The engine's own replies; each carries its RFC 3463 enhanced code (the greeting and 354 do not, RFC 2034 3).</summary>
internal static class SmtpReplies
{
    public static readonly SmtpResponse Ok = new(250, "2.0.0", "Ok");
    public static readonly SmtpResponse Bye = new(221, "2.0.0", "Bye");
    public static readonly SmtpResponse StartData = new(354, "", "End data with <CR><LF>.<CR><LF>");
    public static readonly SmtpResponse Vrfy = new(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
    public static readonly SmtpResponse Expn = new(502, "5.5.1", "Error: EXPN not supported");
    public static readonly SmtpResponse Help = new(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP\nSee RFC 5321");
    public static readonly SmtpResponse UnknownCommand = new(500, "5.5.2", "Error: command not recognized");
    public static readonly SmtpResponse LineTooLong = new(500, "5.5.2", "Error: line too long");
    public static readonly SmtpResponse TooManyRecipients = new(452, "4.5.3", "Error: too many recipients");
    public static readonly SmtpResponse MessageTooBig = new(552, "5.3.4", "Error: message file too big");
    public static readonly SmtpResponse SizeExceeded = new(552, "5.3.4", "Error: message size exceeds fixed maximum message size");
    public static readonly SmtpResponse BodyLineTooLong = new(554, "5.6.0", "Error: message line too long");
    public static readonly SmtpResponse BadSizeParameter = new(501, "5.5.4", "Error: SIZE must be a number");
    public static readonly SmtpResponse TemporaryFailure = new(451, "4.3.0", "Error: temporary failure, try again later");

    public static SmtpResponse Greeting(string hostname) => new(220, "", $"{hostname} ESMTP MailGrid");

    public static SmtpResponse Syntax(string text) => new(501, "5.5.4", text);

    public static SmtpResponse UnsupportedParameter(string keyword) => new(555, "5.5.4", $"Error: unsupported parameter {keyword}");

    public static SmtpResponse Timeout(string hostname) => new(421, "4.4.2", $"{hostname} Error: timeout exceeded");

    public static SmtpResponse TooManyErrors(string hostname) => new(421, "4.7.0", $"{hostname} Error: too many errors");

    public static SmtpResponse ShuttingDown(string hostname) => new(421, "4.3.2", $"{hostname} Service shutting down, closing channel");
}
