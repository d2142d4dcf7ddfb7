using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Dkim;

/// <summary>Fails start-up on a DKIM key that is missing, unreadable or not the configured algorithm.</summary>
public sealed class DkimSigningOptionsValidator : IValidateOptions<DkimSigningOptions>
{
    public ValidateOptionsResult Validate(string? name, DkimSigningOptions options)
    {
        var failures = new List<string>();
        foreach (var (domain, keys) in options.Domains)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i];
                var where = $"{DkimSigningOptions.SectionName}:Domains:{domain}:{i}";
                if (string.IsNullOrWhiteSpace(key.Selector))
                {
                    failures.Add($"{where}:Selector is required.");
                }

                if (DkimMessageSigner.TryCreateSigner(domain, key, out var error) is null)
                {
                    failures.Add($"{where}:KeyFile: {error}");
                }
            }
        }

        if (!options.Headers.Contains("From", StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{DkimSigningOptions.SectionName}:Headers must include From (RFC 6376 §5.4).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
