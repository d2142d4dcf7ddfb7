using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Tls;

/// <summary>Chooses the <see cref="TlsPolicy"/> for a destination domain.</summary>
public sealed class TlsPolicyResolver(IOptionsMonitor<TlsPolicyOptions> options, IOptionsMonitor<DeliveryOptions> delivery)
{
    public TlsPolicy For(string domain)
    {
        var current = options.CurrentValue;
        if (current.Domains.TryGetValue(domain, out var policy))
        {
            return policy;
        }

        for (var dot = domain.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            if (current.Domains.TryGetValue(domain[dot..], out policy))
            {
                return policy;
            }
        }

        if (current.Domains.TryGetValue("*", out policy))
        {
            return policy;
        }

        return current.Default ?? (delivery.CurrentValue.OpportunisticTls ? TlsPolicy.Opportunistic : TlsPolicy.None);
    }
}
