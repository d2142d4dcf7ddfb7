using System.Text.RegularExpressions;

namespace MailGrid.Dsn;

/// <summary>Derives the RFC 3463 status code (Status field) from an SMTP reply.</summary>
public static partial class DsnStatus
{
    /// <summary>
    /// The enhanced status code in <paramref name="reply"/> ("550 5.1.1 …" → "5.1.1"); without one, the class from the basic
    /// code (5xx → 5.0.0, 4xx → 4.0.0, 2xx → 2.0.0); without a reply, the class <paramref name="action"/> implies.
    /// </summary>
    public static string From(string? reply, DsnAction action)
    {
        if (reply is not null)
        {
            var match = ReplyPattern().Match(reply);
            if (match.Success)
            {
                return match.Groups["enhanced"].Success ? match.Groups["enhanced"].Value : $"{match.Groups["basic"].Value[0]}.0.0";
            }
        }

        return action switch
        {
            DsnAction.Failed => "5.0.0",
            DsnAction.Delayed => "4.0.0",
            _ => "2.0.0",
        };
    }

    /// <summary>True when <paramref name="reply"/> starts with a three-digit SMTP reply code.</summary>
    public static bool IsSmtpReply(string? reply) => reply is not null && ReplyPattern().IsMatch(reply);

    [GeneratedRegex(@"^(?<basic>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})\b)?", RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPattern();
}
