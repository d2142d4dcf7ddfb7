namespace MailGrid.Delivery.Tls;

/// <summary>
/// Outbound TLS (section <c>MailGrid:Delivery:Tls</c>). Per-domain overrides use the route patterns: the exact domain,
/// then <c>.parent</c> for each parent domain, then <c>*</c>; else <see cref="Default"/>.
/// </summary>
public sealed class TlsPolicyOptions
{
    public const string SectionName = "MailGrid:Delivery:Tls";

    /// <summary>Policy for domains without an override. Default: <see cref="TlsPolicy.Opportunistic"/> (or None when the older <c>MailGrid:Delivery:OpportunisticTls</c> is false).</summary>
    public TlsPolicy? Default { get; set; }

    /// <summary>Domain pattern → policy, e.g. <c>"bank.example": "Required"</c>, <c>".internal.example": "None"</c>. Default: none.</summary>
    public Dictionary<string, TlsPolicy> Domains { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
