using MailGrid.Smtp;

namespace Microsoft.Extensions.Hosting;

internal static class IngressExtensions
{
    /// <summary>An Orleans client plus the SMTP listeners and the durable handoff; health on the HTTP port.</summary>
    public static WebApplicationBuilder AddIngressServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddMailGridBlobStore(builder.Configuration);
        builder.AddMailGridRedisClient();
        builder.Services.AddMailGridSmtp(builder.Configuration);
        builder.Services.AddMailGridHandoff(builder.Configuration);
        builder.AddMailGridSmtpListeners();
        builder.AddMailGridHttpEndpoint();
        return builder;
    }
}
