namespace MailGrid.Smtp;

/// <summary>An SMTP reply: a basic code, an RFC 3463 enhanced status code and text.</summary>
/// <param name="Code">Three-digit reply code, e.g. 250.</param>
/// <param name="EnhancedCode">Enhanced status code such as "2.0.0"; empty for replies that carry none (220, 221 greeting lines keep one too).</param>
/// <param name="Text">Human-readable text; a line break splits it into a multi-line reply.</param>
public sealed record SmtpResponse(int Code, string EnhancedCode, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransientFailure => Code is >= 400 and < 500;

    public bool IsPermanentFailure => Code >= 500;

    public override string ToString() => EnhancedCode.Length == 0 ? $"{Code} {Text}" : $"{Code} {EnhancedCode} {Text}";
}
