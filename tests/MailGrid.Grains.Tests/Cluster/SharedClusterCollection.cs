namespace MailGrid.Grains.Tests.Cluster;

/// <summary>Test classes that share one silo (started once: a silo start costs more than most tests).</summary>
[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "shared cluster";
}
