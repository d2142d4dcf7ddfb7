namespace MailGrid.Smtp;

/// <summary>How a listener uses TLS.</summary>
public enum SmtpTlsMode
{
    /// <summary>Plain text only; STARTTLS is not offered.</summary>
    None = 0,

    /// <summary>Plain text with STARTTLS offered (RFC 3207): port 25 and 587.</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (RFC 8314): port 465.</summary>
    Implicit = 2,
}
