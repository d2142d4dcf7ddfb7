using Microsoft.Extensions.Options;

namespace MailGrid.Storage.AzureBlob;

/// <summary>Checks what data annotations cannot: one way to reach the account must be given.</summary>
internal sealed class AzureBlobStoreOptionsValidator : IValidateOptions<AzureBlobStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureBlobStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.ServiceUri is null)
        {
            return ValidateOptionsResult.Fail(
                $"{AzureBlobStoreOptions.SectionName}: set ConnectionString or ServiceUri (authenticated with DefaultAzureCredential).");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.ServiceUri is { IsAbsoluteUri: false })
        {
            return ValidateOptionsResult.Fail($"{AzureBlobStoreOptions.SectionName}:ServiceUri must be an absolute URI.");
        }

        return ValidateOptionsResult.Success;
    }
}
