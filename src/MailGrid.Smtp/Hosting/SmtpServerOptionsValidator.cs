using System.Net;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>Rejects settings the engine cannot run with, at host start rather than on the first connection.</summary>
internal sealed class SmtpServerOptionsValidator : IValidateOptions<SmtpServerOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpServerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Hostname) || options.Hostname.Any(c => c <= ' ' || c > '~'))
        {
            failures.Add("Hostname must be a non-empty printable ASCII name without spaces.");
        }

        if (options.MaxMessageSize <= 0)
        {
            failures.Add("MaxMessageSize must be positive.");
        }

        if (options.MaxRecipients <= 0)
        {
            failures.Add("MaxRecipients must be positive.");
        }

        if (options.MaxCommandLineLength < 512)
        {
            failures.Add("MaxCommandLineLength must be at least 512 (RFC 5321 4.5.3.1.4).");
        }

        if (options.MaxTextLineLength is < 0 or (> 0 and < 1000))
        {
            failures.Add("MaxTextLineLength must be 0 (no limit) or at least 1000 (RFC 5321 4.5.3.1.6).");
        }

        if (options.CommandTimeout <= TimeSpan.Zero || options.DataTimeout <= TimeSpan.Zero)
        {
            failures.Add("CommandTimeout and DataTimeout must be positive.");
        }

        if (options.MaxErrors <= 0)
        {
            failures.Add("MaxErrors must be positive.");
        }

        ValidateListeners(options.Listeners, failures);
        foreach (var network in options.TrustedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                failures.Add($"TrustedNetworks entry '{network}' is not a CIDR network such as 10.0.0.0/8.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateListeners(List<SmtpListenerOptions> listeners, List<string> failures)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var listener in listeners)
        {
            if (string.IsNullOrWhiteSpace(listener.Name) || !names.Add(listener.Name))
            {
                failures.Add($"Listener names must be non-empty and unique ('{listener.Name}').");
            }

            if (listener.Port is < 0 or > 65535)
            {
                failures.Add($"Listener '{listener.Name}' has an invalid port {listener.Port}.");
            }

            if (!SmtpListenerAddress.TryParse(listener.Address, out _))
            {
                failures.Add($"Listener '{listener.Name}' has an invalid address '{listener.Address}'.");
            }
        }
    }
}
