namespace MailGrid.LoadGenerator;

/// <summary>A server reply: the code and the text of its last line.</summary>
internal readonly record struct SmtpReply(int Code, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransient => Code is >= 400 and < 500;

    public override string ToString() => $"{Code} {Text}";
}
