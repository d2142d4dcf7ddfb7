using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>Checks the TLS mode, AUTH, limit and shutdown settings at start.</summary>
internal sealed class SmtpSecurityOptionsValidator : IValidateOptions<SmtpServerOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpServerOptions options)
    {
        var failures = new List<string>();
        if (options.MaxConnections <= 0 || options.MaxConnectionsPerClient <= 0)
        {
            failures.Add("MaxConnections and MaxConnectionsPerClient must be positive.");
        }

        if (options.MaxSessionDuration <= TimeSpan.Zero)
        {
            failures.Add("MaxSessionDuration must be positive.");
        }

        if (options.ShutdownDrainTimeout < TimeSpan.Zero || options.AuthFailureDelay < TimeSpan.Zero)
        {
            failures.Add("ShutdownDrainTimeout and AuthFailureDelay must not be negative.");
        }

        // The certificate files are checked with the shared TLS settings they flow into (TlsCertificateOptions).
        foreach (var listener in options.Listeners)
        {
            if (!Enum.IsDefined(listener.Tls))
            {
                failures.Add($"Listener '{listener.Name}' has an invalid Tls mode '{listener.Tls}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
