namespace MailGrid.Storage.Tests.Blobs;

/// <summary>The same contract with a 64 KiB inline limit, so the contract's 150 kB bodies spill while 10 kB ones stay rows.</summary>
public sealed class SqliteBlobStoreSpillTests : SqliteBlobStoreTests
{
    protected override int InlineBodyMaxBytes => 64 * 1024;
}
