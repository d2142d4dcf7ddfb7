using System.Globalization;
using MailGrid.Smtp.Protocol;

namespace MailGrid.Smtp.Session;

/// <summary>
/// Checks MAIL FROM parameters (SIZE, BODY, SMTPUTF8, RET, ENVID, AUTH) and produces what the handler gets:
/// upper-case keywords; BODY and RET upper-cased; ENVID and AUTH xtext-decoded; SMTPUTF8 maps to "".
/// </summary>
internal static class MailParameterValidator
{
    /// <summary>RFC 3461 4.4: an ENVID is at most 100 characters (counted as sent, i.e. xtext-encoded).</summary>
    public const int MaxEnvelopeIdLength = 100;

    public static SmtpResponse? Validate(IReadOnlyDictionary<string, string> parameters, long maxMessageSize, out IReadOnlyDictionary<string, string> decoded)
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
                case "SIZE":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    {
                        return SmtpReplies.BadSizeParameter;
                    }

                    if (size > maxMessageSize)
                    {
                        return SmtpReplies.SizeExceeded;
                    }

                    accepted = value;
                    break;
                case "BODY":
                    accepted = value.ToUpperInvariant();
                    if (accepted is not ("7BIT" or "8BITMIME" or "BINARYMIME"))
                    {
                        return EsmtpReplies.BadBodyParameter;
                    }

                    break;
                case "SMTPUTF8":
                    if (value.Length != 0)
                    {
                        return EsmtpReplies.BadSmtpUtf8Parameter;
                    }

                    accepted = "";
                    break;
                case "RET":
                    accepted = value.ToUpperInvariant();
                    if (accepted is not ("FULL" or "HDRS"))
                    {
                        return EsmtpReplies.BadRetParameter;
                    }

                    break;
                case "ENVID":
                    if (value.Length is 0 or > MaxEnvelopeIdLength || !XText.TryDecode(value, out accepted))
                    {
                        return EsmtpReplies.BadEnvidParameter;
                    }

                    break;
                case "AUTH":
                    // RFC 4954 5: "<>" or an xtext-encoded mailbox; accepted for merely informational use.
                    accepted = value;
                    if (value.Length == 0 || (value != "<>" && !XText.TryDecode(value, out accepted)))
                    {
                        return EsmtpReplies.BadAuthParameter;
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
}
