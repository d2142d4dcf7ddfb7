using System.ComponentModel.DataAnnotations;

namespace MailGrid.Storage.Redis;

/// <summary>Cluster-mode record storage settings.</summary>
public sealed class RedisStorageOptions
{
    /// <summary>Configuration section: <c>MailGrid:Storage:Redis</c>.</summary>
    public const string SectionName = "MailGrid:Storage:Redis";

    /// <summary>Name of the connection string (<c>ConnectionStrings:redis</c>, the Aspire convention).</summary>
    public const string ConnectionStringName = "redis";

    /// <summary>
    /// StackExchange.Redis configuration string. Default: <c>ConnectionStrings:redis</c>. Only needed when no
    /// <c>IConnectionMultiplexer</c> is registered by the host.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every key, so several deployments can share one Redis. Default <c>mailgrid:</c>.</summary>
    [Required]
    [RegularExpression(@"^[^{}\s]*$", ErrorMessage = "KeyPrefix must not contain braces (they are used as hash tags) or whitespace.")]
    public string KeyPrefix { get; set; } = "mailgrid:";
}
