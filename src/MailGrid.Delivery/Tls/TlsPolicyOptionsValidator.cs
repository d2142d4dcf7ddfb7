using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Tls;

/// <summary>Stops the start on a policy that is not one of <see cref="TlsPolicy"/> or a key that is no domain pattern, naming the setting.</summary>
public sealed class TlsPolicyOptionsValidator : IValidateOptions<TlsPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsPolicyOptions options)
    {
        var failures = new List<string>();
        if (options.Default is { } policy && !Enum.IsDefined(policy))
        {
            failures.Add($"{TlsPolicyOptions.SectionName}:Default: '{policy}' is not one of {Policies}.");
        }

        foreach (var (pattern, domainPolicy) in options.Domains)
        {
            if (!IsDomainPattern(pattern))
            {
                failures.Add($"{TlsPolicyOptions.SectionName}:Domains:{pattern}: not a domain pattern (example.com, .example.com or *).");
            }

            if (!Enum.IsDefined(domainPolicy))
            {
                failures.Add($"{TlsPolicyOptions.SectionName}:Domains:{pattern}: '{domainPolicy}' is not one of {Policies}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Policies => string.Join(", ", Enum.GetNames<TlsPolicy>());

    /// <summary>"*", a domain, or ".domain" for its subdomains: labels of letters, digits, '-' and '_', none empty.</summary>
    private static bool IsDomainPattern(string pattern)
    {
        if (pattern == "*")
        {
            return true;
        }

        var domain = pattern.StartsWith('.') ? pattern[1..] : pattern;
        return domain.Length is > 0 and <= 253
            && domain.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsLetterOrDigit(c) || c is '-' or '_'));
    }
}
