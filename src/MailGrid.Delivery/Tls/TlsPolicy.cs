namespace MailGrid.Delivery.Tls;

/// <summary>STARTTLS use on outbound connections (Postfix's smtp_tls_security_level none / may / encrypt).</summary>
public enum TlsPolicy
{
    /// <summary>Never STARTTLS.</summary>
    None = 0,

    /// <summary>STARTTLS when offered; plaintext otherwise. Certificates are not checked (nobody is authenticated).</summary>
    Opportunistic = 1,

    /// <summary>STARTTLS or no delivery: a server that does not offer it is skipped (deferred when none does). Certificates are not checked.</summary>
    Required = 2,
}
