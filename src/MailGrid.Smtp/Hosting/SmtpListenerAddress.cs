using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace MailGrid.Smtp;

/// <summary>Reads a listener's Address setting: "Any"/empty means every address (null), else an IP address.</summary>
internal static class SmtpListenerAddress
{
    public static bool TryParse(string? text, out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text) || text.Equals("Any", StringComparison.OrdinalIgnoreCase) || text == "*")
        {
            return true;
        }

        return IPAddress.TryParse(text, out address);
    }

    [SuppressMessage("Style", "IDE0046", Justification = "Readability.")]
    public static IPAddress? Parse(string? text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"Invalid listener address '{text}'.");
}
