namespace MailGrid.Smtp.Session;

/// <summary>The EHLO keywords of CHUNKING (RFC 3030), BINARYMIME (RFC 3030), SMTPUTF8 (RFC 6531) and DSN (RFC 3461).</summary>
internal static class EsmtpKeywords
{
    public static readonly string[] Advertised = ["CHUNKING", "BINARYMIME", "SMTPUTF8", "DSN"];

    /// <summary>True when an address needs SMTPUTF8 (RFC 6531 3.2: any non-ASCII character).</summary>
    public static bool NeedsSmtpUtf8(string address) => !System.Text.Ascii.IsValid(address);
}
