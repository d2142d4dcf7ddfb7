namespace MailGrid.Api;

/// <summary>Body of <c>PUT /api/accounts/{address}</c>.</summary>
public sealed record AccountRequest(string[]? Aliases);
