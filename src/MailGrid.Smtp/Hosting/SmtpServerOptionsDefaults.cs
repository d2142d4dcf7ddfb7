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
            options.Listeners.Add(new SmtpListenerOptions { Name = "mx", Port = SmtpServerOptions.DefaultPort });
        }

        if (options.TrustedNetworks.Count == 0)
        {
            options.TrustedNetworks.AddRange(SmtpServerOptions.DefaultTrustedNetworks);
        }
    }
}
