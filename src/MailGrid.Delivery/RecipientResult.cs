using MailGrid.Messages;

namespace MailGrid.Delivery;

/// <summary>What one delivery attempt did for one recipient.</summary>
/// <param name="Address">The recipient.</param>
/// <param name="State"><see cref="RecipientState.Delivered"/>, <see cref="RecipientState.Deferred"/> (retry) or <see cref="RecipientState.Failed"/> (permanent).</param>
/// <param name="Detail">The reply that decided it, e.g. "550 5.1.1 No such user", or a local reason.</param>
public sealed record RecipientResult(string Address, RecipientState State, string Detail);
