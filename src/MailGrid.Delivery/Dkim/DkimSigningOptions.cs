namespace MailGrid.Delivery.Dkim;

/// <summary>
/// DKIM signing of outbound mail (section <c>MailGrid:Delivery:Dkim</c>). A message is signed when the domain of
/// its From header (else of its envelope sender) has keys here; each key adds one DKIM-Signature (e.g. RSA and Ed25519).
/// </summary>
public sealed class DkimSigningOptions
{
    public const string SectionName = "MailGrid:Delivery:Dkim";

    /// <summary>Sender domain → its keys. Default: none (nothing is signed).</summary>
    public Dictionary<string, List<DkimDomainOptions>> Domains { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Headers covered by the signature, when present. Default: the RFC 6376 §5.4.1 recommendations.</summary>
    public List<string> Headers { get; set; } =
    [
        "From", "Reply-To", "Subject", "Date", "To", "Cc", "Message-ID", "In-Reply-To", "References",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "List-Id", "List-Unsubscribe",
    ];
}
