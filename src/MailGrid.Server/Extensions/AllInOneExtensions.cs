using MailGrid.Grains;
using MailGrid.Smtp;
using MailGrid.Storage.Local.Hosting;

namespace Microsoft.Extensions.Hosting;

internal static class AllInOneExtensions
{
    /// <summary>Everything in one process: embedded storage, a localhost silo, the grains, SMTP and the API.</summary>
    public static WebApplicationBuilder AddAllInOneServices(this WebApplicationBuilder builder)
    {
        // The blob store first: local storage only fills in the file store when no other was chosen.
        builder.Services.AddMailGridBlobStore(builder.Configuration);
        builder.Services.AddMailGridLocalStorage(builder.Configuration);
        builder.AddMailGridEmbeddedSilo(MailGridStorageNames.GrainState);
        builder.Services.AddMailGridGrains(builder.Configuration);
        builder.Services.AddMailGridSmtp(builder.Configuration);
        builder.Services.AddMailGridHandoff(builder.Configuration);
        builder.Services.AddMailGridApi(builder.Configuration);
        builder.AddMailGridEndpoints(withSmtp: true);
        return builder;
    }
}
