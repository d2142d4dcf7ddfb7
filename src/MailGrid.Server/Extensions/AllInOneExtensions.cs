using MailGrid.Grains;
using MailGrid.Smtp;
using MailGrid.Storage.Local.Hosting;

namespace Microsoft.Extensions.Hosting;

internal static class AllInOneExtensions
{
    /// <summary>Everything in one process: embedded storage, a localhost silo, the grains, SMTP and the API.</summary>
    public static WebApplicationBuilder AddAllInOneServices(this WebApplicationBuilder builder)
    {
        // In any order: a chosen Azure store replaces the blob store; else small bodies go inline in the local database.
        builder.Services.AddMailGridBlobStore(builder.Configuration);
        builder.Services.AddMailGridLocalStorage(builder.Configuration);
        builder.AddMailGridEmbeddedSilo(MailGridStorageNames.GrainState);
        builder.Services.AddMailGridGrains(builder.Configuration);
        builder.Services.AddMailGridSmtp(builder.Configuration);
        builder.Services.AddMailGridHandoff(builder.Configuration);
        builder.Services.AddMailGridApi(builder.Configuration);
        builder.AddMailGridSmtpListeners();
        builder.AddMailGridHttpEndpoint();
        return builder;
    }
}
