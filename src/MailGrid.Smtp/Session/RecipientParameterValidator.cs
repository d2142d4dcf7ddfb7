using MailGrid.Smtp.Protocol;

namespace MailGrid.Smtp.Session;

/// <summary>
/// Checks RCPT TO parameters (RFC 3461 NOTIFY and ORCPT) and produces what the handler gets: NOTIFY upper-cased
/// as a comma list in the order sent ("NEVER" alone); ORCPT as "addr-type;decoded address", the addr-type as sent.
/// </summary>
internal static class RecipientParameterValidator
{
    /// <summary>RFC 3461 4.2: an ORCPT parameter is at most 500 characters (counted as sent).</summary>
    public const int MaxOriginalRecipientLength = 500;

    private static readonly string[] NotifyKeywords = ["SUCCESS", "FAILURE", "DELAY"];

    public static SmtpResponse? Validate(IReadOnlyDictionary<string, string> parameters, out IReadOnlyDictionary<string, string> decoded)
    {
        decoded = parameters;
        if (parameters.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, string>(parameters.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (keyword, value) in parameters)
        {
            string? accepted;
            switch (keyword)
            {
                case "NOTIFY":
                    accepted = NormalizeNotify(value);
                    if (accepted is null)
                    {
                        return EsmtpReplies.BadNotifyParameter;
                    }

                    break;
                case "ORCPT":
                    accepted = DecodeOriginalRecipient(value);
                    if (accepted is null)
                    {
                        return EsmtpReplies.BadOrcptParameter;
                    }

                    break;
                default:
                    return SmtpReplies.UnsupportedParameter(keyword);
            }

            result[keyword] = accepted;
        }

        decoded = result;
        return null;
    }

    /// <summary>NOTIFY = "NEVER" / 1#( "SUCCESS" / "FAILURE" / "DELAY" ), each at most once.</summary>
    private static string? NormalizeNotify(string value)
    {
        var upper = value.ToUpperInvariant();
        if (upper == "NEVER")
        {
            return upper;
        }

        var items = upper.Split(',');
        return items.All(NotifyKeywords.Contains) && items.Distinct(StringComparer.Ordinal).Count() == items.Length ? upper : null;
    }

    /// <summary>ORCPT = addr-type ";" xtext, where addr-type is an RFC 5322 atom; "utf-8" uses RFC 6533's encoding.</summary>
    private static string? DecodeOriginalRecipient(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        if (value.Length > MaxOriginalRecipientLength || semicolon <= 0 || semicolon == value.Length - 1)
        {
            return null;
        }

        var addressType = value[..semicolon];
        if (!addressType.All(IsAtext))
        {
            return null;
        }

        var encoded = value[(semicolon + 1)..];
        var ok = addressType.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? XText.TryDecodeUtf8Address(encoded, out var address)
            : XText.TryDecode(encoded, out address);
        return ok ? $"{addressType};{address}" : null;
    }

    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal);
}
