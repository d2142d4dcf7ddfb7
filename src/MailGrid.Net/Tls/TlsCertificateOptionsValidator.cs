using Microsoft.Extensions.Options;

namespace MailGrid.Net.Tls;

/// <summary>Stops the start when a configured certificate or key file is not there, naming the setting.</summary>
internal sealed class TlsCertificateOptionsValidator : IValidateOptions<TlsCertificateOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsCertificateOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.CertificatePath) && !File.Exists(options.CertificatePath))
        {
            failures.Add($"{TlsCertificateOptions.SectionName}:CertificatePath (or MailGrid:Smtp:Tls:CertificatePath) '{options.CertificatePath}' does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(options.KeyPath) && !File.Exists(options.KeyPath))
        {
            failures.Add($"{TlsCertificateOptions.SectionName}:KeyPath (or MailGrid:Smtp:Tls:KeyPath) '{options.KeyPath}' does not exist.");
        }

        if (options.Hostname is { } hostname && (hostname.Length == 0 || hostname.Any(c => c <= ' ' || c > '~')))
        {
            failures.Add($"{TlsCertificateOptions.SectionName}:Hostname must be a printable ASCII name without spaces.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
