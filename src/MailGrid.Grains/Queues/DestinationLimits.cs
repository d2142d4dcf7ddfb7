using System.ComponentModel.DataAnnotations;

namespace MailGrid.Grains.Queues;

/// <summary>How hard MailGrid may push one destination domain, cluster-wide (KumoMTA's egress path limits).</summary>
public sealed class DestinationLimits
{
    /// <summary>Concurrent SMTP connections to the domain across the whole cluster. Default 4.</summary>
    [Range(1, 1000)]
    public int MaxConnections { get; set; } = 4;

    /// <summary>Messages sent over one connection before it is closed (Postfix smtp_connection_reuse_count_limit). Default 100.</summary>
    [Range(1, 100_000)]
    public int MaxMessagesPerConnection { get; set; } = 100;

    /// <summary>Messages per minute to the domain; 0 = unlimited (the default).</summary>
    [Range(0, int.MaxValue)]
    public int MaxMessagesPerMinute { get; set; }

    /// <summary>Messages per hour to the domain; 0 = unlimited (the default).</summary>
    [Range(0, int.MaxValue)]
    public int MaxMessagesPerHour { get; set; }
}
