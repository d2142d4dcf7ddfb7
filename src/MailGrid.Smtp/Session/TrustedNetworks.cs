using System.Net;

namespace MailGrid.Smtp.Session;

/// <summary>The parsed <see cref="SmtpServerOptions.TrustedNetworks"/>.</summary>
internal sealed class TrustedNetworks(IEnumerable<string> networks)
{
    private readonly IPNetwork[] _networks = networks.Select(IPNetwork.Parse).ToArray();

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
