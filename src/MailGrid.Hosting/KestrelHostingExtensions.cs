using MailGrid.Hosting;
using MailGrid.Smtp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class KestrelHostingExtensions
{
    /// <summary>
    /// Opens the HTTP endpoint (API and health) and, when <paramref name="withSmtp"/>, the SMTP listeners.
    /// All endpoints come from MailGrid options so one configuration source describes every port.
    /// Readiness (<c>/health</c>) includes a check that the Orleans cluster answers.
    /// </summary>
    public static WebApplicationBuilder AddMailGridEndpoints(this WebApplicationBuilder builder, bool withSmtp)
    {
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        builder.Services.AddOptions<MailGridHttpOptions>().Bind(builder.Configuration.GetSection(MailGridHttpOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var http = kestrel.ApplicationServices.GetRequiredService<IOptions<MailGridHttpOptions>>().Value;
            kestrel.ListenAnyIP(http.Port);
            if (withSmtp)
            {
                kestrel.ListenMailGridSmtp(kestrel.ApplicationServices.GetRequiredService<IOptions<SmtpServerOptions>>().Value);
            }
        });
        return builder;
    }
}
