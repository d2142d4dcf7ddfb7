using MailGrid.Grains;
using MailGrid.Storage.Redis;

namespace Microsoft.Extensions.Hosting;

internal static class SiloExtensions
{
    /// <summary>A Redis-clustered silo: records in Redis, bodies in the shared blob store, grains and the API.</summary>
    public static WebApplicationBuilder AddSiloServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddMailGridRedisStorage(builder.Configuration);
        builder.Services.AddMailGridBlobStore(builder.Configuration);
        builder.AddMailGridRedisSilo(MailGridStorageNames.GrainState);
        builder.Services.AddMailGridGrains(builder.Configuration);
        builder.Services.AddMailGridApi(builder.Configuration);
        builder.AddMailGridHttpEndpoint();
        return builder;
    }
}
