using System.ComponentModel.DataAnnotations;

namespace MailGrid.Grains.Queues;

/// <summary>
/// Per-destination limits and dead-destination handling (section <c>MailGrid:Delivery:Limits</c>).
/// <c>Domains</c> keys are matched like routes: the exact domain, then <c>.parent</c>, then <c>*</c>; an entry
/// replaces <see cref="Default"/> as a whole.
/// </summary>
public sealed class DeliveryLimitsOptions
{
    public const string SectionName = "MailGrid:Delivery:Limits";

    public DestinationLimits Default { get; set; } = new();

    public Dictionary<string, DestinationLimits> Domains { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Consecutive attempts that could not reach any server before the whole domain is suspended. Default 3.</summary>
    [Range(1, 1000)]
    public int SuspendAfterConnectionFailures { get; set; } = 3;

    /// <summary>First suspension of an unreachable domain; doubles while it stays unreachable. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FirstSuspension { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest suspension. Default 1 hour (like Postfix's maximal_backoff_time).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan MaxSuspension { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The limits that apply to <paramref name="domain"/>.</summary>
    public DestinationLimits For(string domain)
    {
        if (Domains.TryGetValue(domain, out var limits))
        {
            return limits;
        }

        for (var dot = domain.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            if (Domains.TryGetValue(domain[dot..], out limits))
            {
                return limits;
            }
        }

        return Domains.TryGetValue("*", out limits) ? limits : Default;
    }
}
