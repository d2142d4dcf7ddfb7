namespace MailGrid.Grains.Accounts;

/// <summary>Splits and normalises mailbox addresses for directory lookups.</summary>
public static class AddressParts
{
    /// <summary>Splits at the last '@'; both parts non-empty. The result is lower-case (mailboxes are case-insensitive here).</summary>
    public static bool TrySplit(string? address, out string localPart, out string domain)
    {
        localPart = "";
        domain = "";
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        localPart = address[..at].ToLowerInvariant();
        domain = address[(at + 1)..].TrimEnd('.').ToLowerInvariant();
        return IsDomain(domain);
    }

    public static string Normalize(string address) => TrySplit(address, out var local, out var domain) ? $"{local}@{domain}" : address.ToLowerInvariant();

    /// <summary>A loose check: labels of letters, digits, '-' or an address literal in brackets.</summary>
    public static bool IsDomain(string? domain)
    {
        if (string.IsNullOrEmpty(domain) || domain.Length > 255)
        {
            return false;
        }

        if (domain.StartsWith('[') && domain.EndsWith(']'))
        {
            return true;
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-'))
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-' || c > 127))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
