namespace MailGrid.Grains.Tests.Sweep;

/// <summary>The sweep on the embedded stores: SQLite records, mailboxes and inline bodies, files for spilled ones.</summary>
public sealed class SqliteStorageSweepTests(SqliteSweepClusterFixture fixture) : StorageSweepContract(fixture.Cluster), IClassFixture<SqliteSweepClusterFixture>;
