using MailGrid.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class KestrelHostingExtensions
{
    /// <summary>
    /// Opens the HTTP endpoint (API and health) on <c>MailGrid:Http:Port</c>; readiness (<c>/health</c>) includes a check
    /// that the Orleans cluster answers. Mail protocols add their own listeners the same way
    /// (<c>AddMailGridSmtpListeners</c>), so one configuration source describes every port.
    /// </summary>
    public static WebApplicationBuilder AddMailGridHttpEndpoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        builder.Services.AddOptions<MailGridHttpOptions>().Bind(builder.Configuration.GetSection(MailGridHttpOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(kestrel.ApplicationServices.GetRequiredService<IOptions<MailGridHttpOptions>>().Value.Port));
        return builder;
    }
}
