using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace MailGrid.Testing;

/// <summary>One SMTP conversation of the <see cref="SmtpSink"/>: a minimal but correct RFC 5321 receiver.</summary>
internal sealed class SmtpSinkSession(SmtpSink sink, TcpClient client)
{
    private Stream _stream = client.GetStream();
    private SmtpLineReader? _reader;
    private bool _tls;
    private string? _authenticatedUser;
    private string? _helo;
    private string? _sender;
    private string _mailParameters = string.Empty;
    private readonly List<string> _recipients = [];
    private readonly List<string> _recipientParameters = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using (client)
        try
        {
            if (sink.RejectConnections)
            {
                await ReplyAsync("421 4.3.2 not now", cancellationToken);
                return;
            }

            await ReplyAsync("220 localhost ESMTP MailGrid test sink", cancellationToken);
            _reader = new SmtpLineReader(_stream);
            while (await _reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var command = Encoding.UTF8.GetString(line).TrimEnd('\r', '\n');
                if (!await HandleAsync(command, _reader, cancellationToken))
                {
                    return;
                }
            }
        }
        finally
        {
            await _stream.DisposeAsync();
        }
    }

    private async Task<bool> HandleAsync(string command, SmtpLineReader reader, CancellationToken cancellationToken)
    {
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? command : command[..space]).ToUpperInvariant();
        var argument = space < 0 ? string.Empty : command[(space + 1)..].Trim();
        switch (verb)
        {
            case "EHLO":
                _helo = argument;
                ResetTransaction();
                await ReplyAsync(EhloReply(), cancellationToken);
                return true;
            case "STARTTLS" when sink.TlsCertificate is not null && !_tls:
                await StartTlsAsync(cancellationToken);
                return true;
            case "HELO":
                _helo = argument;
                ResetTransaction();
                await ReplyAsync("250 localhost", cancellationToken);
                return true;
            case "AUTH" when sink.Credentials is not null:
                await ReplyAsync(await AuthenticateAsync(argument, reader, cancellationToken), cancellationToken);
                return true;
            case "MAIL":
                await ReplyAsync(Mail(argument), cancellationToken);
                return true;
            case "RCPT":
                await ReplyAsync(Rcpt(argument), cancellationToken);
                return true;
            case "DATA":
                await DataAsync(reader, cancellationToken);
                return true;
            case "RSET":
                ResetTransaction();
                await ReplyAsync("250 2.0.0 Ok", cancellationToken);
                return true;
            case "NOOP":
                await ReplyAsync("250 2.0.0 Ok", cancellationToken);
                return true;
            case "VRFY":
                await ReplyAsync("252 2.5.2 Cannot VRFY user", cancellationToken);
                return true;
            case "QUIT":
                await ReplyAsync("221 2.0.0 Bye", cancellationToken);
                return false;
            default:
                await ReplyAsync("500 5.5.2 Command not recognized", cancellationToken);
                return true;
        }
    }

    private string Mail(string argument)
    {
        if (_helo is null)
        {
            return "503 5.5.1 Send EHLO first";
        }

        if (_sender is not null)
        {
            return "503 5.5.1 Nested MAIL command";
        }

        if (!TryParsePath(argument, "FROM:", out var sender, out var parameters))
        {
            return "501 5.5.4 Syntax: MAIL FROM:<address>";
        }

        _sender = sender;
        _mailParameters = parameters;
        return "250 2.1.0 Ok";
    }

    private string Rcpt(string argument)
    {
        if (_sender is null)
        {
            return "503 5.5.1 Need MAIL before RCPT";
        }

        if (!TryParsePath(argument, "TO:", out var recipient, out var parameters) || recipient.Length == 0)
        {
            return "501 5.5.4 Syntax: RCPT TO:<address>";
        }

        var reply = sink.RecipientReply?.Invoke(recipient);
        if (reply is not null)
        {
            return reply;
        }

        _recipients.Add(recipient);
        _recipientParameters.Add(parameters);
        return "250 2.1.5 Ok";
    }

    private async Task DataAsync(SmtpLineReader reader, CancellationToken cancellationToken)
    {
        if (_recipients.Count == 0)
        {
            await ReplyAsync(_sender is null ? "503 5.5.1 Need MAIL command" : "554 5.5.1 No valid recipients", cancellationToken);
            return;
        }

        await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", cancellationToken);
        using var body = new MemoryStream();
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken)
                ?? throw new EndOfStreamException("Connection closed during DATA.");
            if (line is [(byte)'.', (byte)'\r', (byte)'\n'] or [(byte)'.', (byte)'\n'])
            {
                break;
            }

            // RFC 5321 4.5.2: a leading dot was doubled by the client.
            var offset = line.Length > 0 && line[0] == (byte)'.' ? 1 : 0;
            body.Write(line, offset, line.Length - offset);
        }

        var message = new ReceivedSmtpMessage(_helo ?? string.Empty, _sender!, [.. _recipients], body.ToArray())
        {
            MailParameters = _mailParameters,
            RecipientParameters = [.. _recipientParameters],
            Tls = _tls,
            AuthenticatedUser = _authenticatedUser,
        };
        if (sink.DataReplyDelay > TimeSpan.Zero)
        {
            await Task.Delay(sink.DataReplyDelay, cancellationToken);
        }

        var reply = sink.DataReply?.Invoke(message);
        ResetTransaction();
        if (reply is null)
        {
            sink.Record(message);
            reply = "250 2.0.0 Ok: queued";
        }

        await ReplyAsync(reply, cancellationToken);
    }

    private static bool TryParsePath(string argument, string prefix, out string address, out string parameters)
    {
        address = string.Empty;
        parameters = string.Empty;
        if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = argument[prefix.Length..].TrimStart();
        var close = rest.IndexOf('>', StringComparison.Ordinal);
        if (!rest.StartsWith('<') || close < 0)
        {
            return false;
        }

        address = rest[1..close];
        parameters = rest[(close + 1)..].Trim();
        return true;
    }

    private void ResetTransaction()
    {
        _sender = null;
        _mailParameters = string.Empty;
        _recipients.Clear();
        _recipientParameters.Clear();
    }

    private string EhloReply()
    {
        var lines = new List<string> { "localhost", "8BITMIME", "PIPELINING", "ENHANCEDSTATUSCODES" };
        if (sink.AdvertiseDsn)
        {
            lines.Add("DSN");
        }

        if (sink.AdvertiseSmtpUtf8)
        {
            lines.Add("SMTPUTF8");
        }

        if (sink.TlsCertificate is not null && !_tls)
        {
            lines.Add("STARTTLS");
        }

        if (sink.Credentials is not null)
        {
            lines.Add("AUTH PLAIN");
        }

        return string.Join("\r\n", lines.Select((line, i) => (i == lines.Count - 1 ? "250 " : "250-") + line));
    }

    /// <summary>RFC 4954 AUTH PLAIN, with the initial response or after a "334" continuation.</summary>
    private async Task<string> AuthenticateAsync(string argument, SmtpLineReader reader, CancellationToken cancellationToken)
    {
        var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            return "504 5.5.4 Unrecognized authentication type";
        }

        var response = parts.Length > 1 ? parts[1] : null;
        if (response is null)
        {
            await ReplyAsync("334 ", cancellationToken);
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("Connection closed during AUTH.");
            response = Encoding.ASCII.GetString(line).Trim();
        }

        string[] fields;
        try
        {
            fields = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
        }
        catch (FormatException)
        {
            return "501 5.5.2 Cannot decode response";
        }

        if (fields.Length == 3 && fields[1] == sink.Credentials!.UserName && fields[2] == sink.Credentials.Password)
        {
            _authenticatedUser = fields[1];
            return "235 2.7.0 Authentication successful";
        }

        return "535 5.7.8 Authentication credentials invalid";
    }

    /// <summary>RFC 3207: after 220 the TLS handshake starts; the session restarts from the greeting-less state.</summary>
    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        await ReplyAsync("220 2.0.0 Ready to start TLS", cancellationToken);
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = sink.TlsCertificate }, cancellationToken);
        _stream = tls;
        _reader = new SmtpLineReader(tls);
        _tls = true;
        _helo = null;
        ResetTransaction();
    }

    private async Task ReplyAsync(string reply, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }
}
