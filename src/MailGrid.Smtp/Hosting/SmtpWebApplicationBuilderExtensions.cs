using MailGrid.Smtp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Puts SMTP's listeners on the host's Kestrel, beside whatever other protocols and HTTP open there.</summary>
public static class SmtpWebApplicationBuilderExtensions
{
    /// <summary>
    /// Opens every listener of <c>MailGrid:Smtp:Listeners</c> (the validated <see cref="SmtpServerOptions"/>) on Kestrel.
    /// Needs <see cref="SmtpServiceCollectionExtensions.AddMailGridSmtp(DependencyInjection.IServiceCollection, Configuration.IConfiguration)"/>.
    /// </summary>
    public static WebApplicationBuilder AddMailGridSmtpListeners(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenMailGridSmtp());
        return builder;
    }
}
