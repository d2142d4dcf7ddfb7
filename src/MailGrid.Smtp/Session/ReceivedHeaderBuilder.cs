using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailGrid.Smtp.Session;

/// <summary>Builds the trace header RFC 5321 4.4 asks every receiving SMTP server to prepend.</summary>
internal static class ReceivedHeaderBuilder
{
    /// <summary>
    /// <c>Received: from helo (client [ip])\r\n\tby host (MailGrid) with ESMTP id X\r\n\tfor &lt;rcpt&gt;; date\r\n</c>.
    /// "for" only names a single recipient, so Bcc recipients are not disclosed to each other.
    /// </summary>
    public static string Build(string hostname, SmtpSessionInfo session, SmtpTransaction transaction, string messageId, DateTimeOffset now)
    {
        var ip = session.RemoteEndPoint.Address;
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        // No reverse DNS in the engine yet: the client is named by its address.
        var builder = new StringBuilder(256)
            .Append("Received: from ").Append(session.HeloName ?? "unknown")
            .Append(" (").Append(ip).Append(' ').Append(AddressLiteral(ip)).Append(")\r\n")
            .Append(TlsComment(session))
            .Append("	by ").Append(hostname).Append(" (MailGrid) with ").Append(transaction.MailParameters.ContainsKey("SMTPUTF8") ? Utf8Protocol(session) : Protocol(session))
            .Append(" id ").Append(messageId);
        if (transaction.Recipients.Count == 1)
        {
            builder.Append("\r\n\tfor <").Append(transaction.Recipients[0].Address).Append('>');
        }

        return builder.Append("; ").Append(FormatDate(now)).Append("\r\n").ToString();
    }

    /// <summary>The RFC 3848 "with" keyword.</summary>
    public static string Protocol(SmtpSessionInfo session) =>
        !session.IsExtended ? "SMTP" : "ESMTP" + (session.IsSecure ? "S" : "") + (session.AuthenticatedUser is null ? "" : "A");

    /// <summary>The RFC 6531 3.7.3 "with" keyword of an SMTPUTF8 transaction: UTF8SMTP, UTF8SMTPA, UTF8SMTPS, UTF8SMTPSA.</summary>
    public static string Utf8Protocol(SmtpSessionInfo session) =>
        "UTF8SMTP" + (session.IsSecure ? "S" : "") + (session.AuthenticatedUser is null ? "" : "A");

    /// <summary>RFC 5322 3.3 date-time, e.g. "Mon, 02 Mar 2026 10:04:05 +0000".</summary>
    public static string FormatDate(DateTimeOffset now)
    {
        var offset = now.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return now.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
            string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}{offset.Minutes:00}");
    }

    /// <summary>RFC 8314 4.3 asks for the TLS version and cipher in a comment, as Postfix writes it.</summary>
    private static string TlsComment(SmtpSessionInfo session) =>
        session.TlsProtocol is null ? "" : $"\t(using {session.TlsProtocol} with cipher {session.TlsCipher})\r\n";

    private static string AddressLiteral(IPAddress ip) =>
        ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{ip}]" : $"[{ip}]";
}
