using MailGrid.Messages;

namespace MailGrid.Delivery.Routing;

/// <summary>
/// Where to send mail for a domain: next hops to try in order, or why there are none.
/// </summary>
/// <param name="Hops">Next hops, best first; empty when <see cref="FailureState"/> is set.</param>
/// <param name="FailureState"><see cref="RecipientState.Failed"/> (permanent, e.g. null MX or NXDOMAIN) or <see cref="RecipientState.Deferred"/> (DNS trouble); null on success.</param>
/// <param name="FailureDetail">The SMTP-style reply recipients get when there are no hops, e.g. "556 5.1.10 ...".</param>
public sealed record NextHopResolution(IReadOnlyList<NextHop> Hops, RecipientState? FailureState = null, string? FailureDetail = null)
{
    public bool Succeeded => FailureState is null;

    public static NextHopResolution Permanent(string detail) => new([], RecipientState.Failed, detail);

    public static NextHopResolution Temporary(string detail) => new([], RecipientState.Deferred, detail);
}
