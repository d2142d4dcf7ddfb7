using MailGrid.Storage.AzureBlob;
using MailGrid.Storage.Files;
using MailGrid.Storage.Local.Hosting;
using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Tests.Hosting;

/// <summary><c>MailGrid:Storage:Blobs:Provider</c> alone decides which blob store a host gets.</summary>
public sealed class BlobStoreSelectionTests : IDisposable
{
    private const string Azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;";
    private readonly TempDirectory folder = new();

    [Theory]
    [InlineData(null)]
    [InlineData("FileSystem")]
    [InlineData("filesystem")]
    public async Task File_system_is_the_default_and_named_choice(string? provider)
    {
        await using var services = Build(new() { ["MailGrid:Storage:Blobs:Provider"] = provider }, s => s.AddMailGridBlobStore);

        Assert.IsType<FileSystemBlobStore>(services.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public async Task Embedded_bodies_stay_inline_whichever_of_file_and_local_storage_is_registered_first()
    {
        await using var blobsFirst = Build([], s => c => s.AddMailGridBlobStore(c).AddMailGridLocalStorage(c));
        await using var localFirst = Build([], s => c => s.AddMailGridLocalStorage(c).AddMailGridBlobStore(c));

        Assert.IsType<SqliteBlobStore>(blobsFirst.GetRequiredService<IBlobStore>());
        Assert.IsType<SqliteBlobStore>(localFirst.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public async Task Azure_blob_choice_wins_over_the_local_storage_registered_after_it()
    {
        var settings = new Dictionary<string, string?>
        {
            ["MailGrid:Storage:Blobs:Provider"] = "AzureBlob",
            ["MailGrid:Storage:Blobs:Azure:ConnectionString"] = Azurite,
            ["MailGrid:Storage:Blobs:Azure:Container"] = "bodies",
            ["MailGrid:Storage:Blobs:Azure:BlockSize"] = "65536",
        };
        await using var services = Build(settings, s => c => s.AddMailGridBlobStore(c).AddMailGridLocalStorage(c));

        var store = Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.Equal("bodies", store.Container.Name);
        Assert.Equal(65536, services.GetRequiredService<IOptions<AzureBlobStoreOptions>>().Value.BlockSize);
    }

    [Fact]
    public async Task Azure_blob_store_replaces_a_file_store_registered_before_it()
    {
        var settings = new Dictionary<string, string?> { ["MailGrid:Storage:Blobs:Azure:ConnectionString"] = Azurite };
        await using var services = Build(settings, s => c => s.AddMailGridLocalStorage(c).AddMailGridAzureBlobStore(c));

        Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public void Unknown_provider_is_refused_with_the_accepted_values()
    {
        var configuration = Configuration(new() { ["MailGrid:Storage:Blobs:Provider"] = "S3" });

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddMailGridBlobStore(configuration));
        Assert.Contains("FileSystem, AzureBlob", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "ConnectionString or ServiceUri")]
    [InlineData("Bad_Name", "Container")]
    [InlineData("ab", "Container")]
    public async Task Invalid_azure_settings_fail_validation(string? container, string expected)
    {
        var settings = new Dictionary<string, string?> { ["MailGrid:Storage:Blobs:Provider"] = "AzureBlob" };
        if (container is not null)
        {
            settings["MailGrid:Storage:Blobs:Azure:ConnectionString"] = Azurite;
            settings["MailGrid:Storage:Blobs:Azure:Container"] = container;
        }

        await using var services = Build(settings, s => s.AddMailGridBlobStore);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AzureBlobStoreOptions>>().Value);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_uri_alone_is_accepted_for_token_credentials()
    {
        var settings = new Dictionary<string, string?> { ["MailGrid:Storage:Blobs:Azure:ServiceUri"] = "https://account.blob.core.windows.net" };
        await using var services = Build(settings, s => s.AddMailGridAzureBlobStore);

        var store = Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());
        Assert.Equal("https://account.blob.core.windows.net/mailgrid", store.Container.Uri.ToString());
    }

    public void Dispose() => folder.Dispose();

    private ServiceProvider Build(Dictionary<string, string?> settings, Func<IServiceCollection, Func<IConfiguration, IServiceCollection>> register)
    {
        settings["MailGrid:DataPath"] = folder.Path;
        var services = new ServiceCollection().AddLogging();
        register(services)(Configuration(settings));
        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
