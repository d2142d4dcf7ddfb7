using MailGrid.Testing;

namespace MailGrid.Storage.Tests.Fixtures;

/// <summary>All Azurite-backed test classes share one Azurite; each test uses its own container.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "azurite";
}
