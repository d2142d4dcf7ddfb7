namespace MailGrid.Grains.Tests.Sweep;

/// <summary>The sweep on the cluster stores: Redis records and mailboxes, a shared blob folder, two silos.</summary>
public sealed class RedisStorageSweepTests(RedisSweepClusterFixture fixture) : StorageSweepContract(fixture.Cluster), IClassFixture<RedisSweepClusterFixture>;
