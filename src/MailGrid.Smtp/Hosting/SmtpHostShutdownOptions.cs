using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>
/// Kestrel aborts every connection still open when the host's shutdown timeout expires, so that timeout must
/// outlast <see cref="SmtpServerOptions.ShutdownDrainTimeout"/> or a DATA in flight is cut off before its 250.
/// </summary>
internal sealed class SmtpHostShutdownOptions(IOptions<SmtpServerOptions> smtp) : IPostConfigureOptions<HostOptions>
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    public void PostConfigure(string? name, HostOptions options)
    {
        TimeSpan needed;
        try
        {
            needed = smtp.Value.ShutdownDrainTimeout + Margin;
        }
        catch (OptionsValidationException)
        {
            // Invalid SMTP settings fail the host at start (ValidateOnStart); the host's own options must still build.
            return;
        }

        if (options.ShutdownTimeout < needed)
        {
            options.ShutdownTimeout = needed;
        }
    }
}
