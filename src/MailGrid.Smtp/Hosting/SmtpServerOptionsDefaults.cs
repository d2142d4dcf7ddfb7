using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>
/// Fills in list defaults after binding: the configuration binder appends to pre-filled lists, so the
/// defaults cannot live in the property initializers.
/// </summary>
internal sealed class SmtpServerOptionsDefaults : IPostConfigureOptions<SmtpServerOptions>
{
    public void PostConfigure(string? name, SmtpServerOptions options)
    {
        if (options.Listeners.Count == 0)
        {
            // The three roles of ports 25, 587 and 465, on unprivileged ports so a laptop needs no root;
            // deployments map 25/587/465 onto them (the Helm chart's Service does).
            options.Listeners.Add(new SmtpListenerOptions { Name = "mx", Port = SmtpServerOptions.DefaultPort, Tls = SmtpTlsMode.StartTls });
            options.Listeners.Add(new SmtpListenerOptions { Name = "submission", Port = SmtpServerOptions.DefaultSubmissionPort, Tls = SmtpTlsMode.StartTls, RequireAuth = true });
            options.Listeners.Add(new SmtpListenerOptions { Name = "submissions", Port = SmtpServerOptions.DefaultImplicitTlsPort, Tls = SmtpTlsMode.Implicit, RequireAuth = true });
        }

        if (options.TrustedNetworks.Count == 0)
        {
            options.TrustedNetworks.AddRange(SmtpServerOptions.DefaultTrustedNetworks);
        }
    }
}
