namespace MailGrid.EndToEnd.Tests;

/// <summary>Test classes driving MailGrid with independent clients share one all-in-one server.</summary>
[CollectionDefinition(Name)]
public sealed class ClientsCollection : ICollectionFixture<AllInOneFixture>
{
    public const string Name = "independent clients";
}
