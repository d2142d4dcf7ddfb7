using System.Globalization;
using Orleans.Runtime.Placement;

namespace MailGrid.Grains.Queues;

/// <summary>
/// Slot <c>n</c> of a domain goes to silo <c>(hash(domain) + n) mod silos</c> of the compatible silos in a stable
/// order: the slots of one domain land on different silos (as many as there are), and different domains start on
/// different silos. Load-blind on purpose: a slot is one SMTP connection, so an even count is an even load.
/// </summary>
public sealed class DeliverySlotPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var silos = context.GetCompatibleSilos(target);
        if (silos.Length == 0)
        {
            throw new OrleansException($"No compatible silo for {target.GrainIdentity}.");
        }

        var ordered = silos.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var (domain, slot) = Parse(target.GrainIdentity.Key.ToString() ?? string.Empty);
        var index = (int)((StableHash(domain) + (uint)slot) % (uint)ordered.Length);
        return Task.FromResult(ordered[index]);
    }

    private static (string Domain, int Slot) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash > 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var slot)
            ? (key[..slash], slot)
            : (key, 0);
    }

    /// <summary>FNV-1a: the same on every silo and every run, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static uint StableHash(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 16777619u;
        }

        return hash;
    }
}
