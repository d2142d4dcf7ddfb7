using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using MailGrid.Smtp.Protocol;
using MailGrid.Net.Connections;

namespace MailGrid.Smtp.Session;

/// <summary>Implicit TLS (RFC 8314), STARTTLS (RFC 3207) and the refusal of connections at accept.</summary>
internal sealed partial class SmtpSession
{
    private SslStream? _tls;

    /// <summary>The listener's TLS/AUTH settings, the certificate and the authenticator.</summary>
    public required SmtpSessionSecurity Security { get; init; }

    private bool StartTlsOffered => Security.Listener.Tls == SmtpTlsMode.StartTls && !Info.IsSecure;

    /// <summary>The listener's opening: TLS first on an implicit-TLS port, then the greeting or the refusal.</summary>
    private async ValueTask OpenAsync()
    {
        if (Security.Listener.Tls == SmtpTlsMode.Implicit && !await HandshakeAsync())
        {
            _closing = true;
            return;
        }

        if (Security.Refusal is { } refusal)
        {
            Reply(refusal);
            _closing = true;
            return;
        }

        Reply(SmtpReplies.Greeting(Hostname));
    }

    private async ValueTask StartTlsAsync(SmtpCommand command)
    {
        if (command.Argument.Length > 0)
        {
            ReplyError(SmtpSecurityReplies.StartTlsSyntax);
            return;
        }

        if (Info.IsSecure)
        {
            ReplyError(SmtpSecurityReplies.AlreadySecure);
            return;
        }

        if (Security.Listener.Tls != SmtpTlsMode.StartTls)
        {
            ReplyError(SmtpSecurityReplies.StartTlsNotOffered);
            return;
        }

        if (!Security.Certificates.IsAvailable)
        {
            Reply(SmtpSecurityReplies.TlsUnavailable);
            return;
        }

        Reply(SmtpSecurityReplies.ReadyToStartTls);
        await _replies.FlushAsync(CancellationToken.None);

        // Whatever the client pipelined behind STARTTLS arrived in clear text and must not run inside the TLS
        // session (the STARTTLS command injection flaw, CVE-2011-0411).
        if (_lines.Input.TryRead(out var pipelined))
        {
            _lines.Input.AdvanceTo(pipelined.Buffer.End);
        }

        if (!await HandshakeAsync())
        {
            _closing = true;
            return;
        }

        // RFC 3207 4.2: discard all knowledge obtained from the client; it must send EHLO again.
        ResetTransaction();
        _state = SmtpSessionState.Connected;
        Info.HeloName = null;
        Info.IsExtended = false;
        Info.AuthenticatedUser = null;
    }

    /// <summary>Runs the server handshake over the connection's pipes and swaps in pipes over the TLS stream.</summary>
    private async ValueTask<bool> HandshakeAsync()
    {
        var serverOptions = Security.Certificates.ServerOptions;
        if (serverOptions is null)
        {
            LogTlsUnavailable(Info.SessionId);
            return false;
        }

        var tls = new SslStream(new DuplexPipeStream(_lines.Input, _replies.Output), leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsServerAsync(serverOptions, _deadline.Arm(_options.CommandTimeout));
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            LogHandshakeFailed(Info.SessionId, ex.Message);
            Security.Telemetry.HandshakeFailed();
            await tls.DisposeAsync();
            return false;
        }
        finally
        {
            _deadline.Disarm();
        }

        _tls = tls;
        _lines.Input = PipeReader.Create(tls, new StreamPipeReaderOptions(leaveOpen: true));
        _replies.Output = PipeWriter.Create(tls, new StreamPipeWriterOptions(leaveOpen: true));
        Info.IsSecure = true;
        Info.TlsProtocol = ProtocolName(tls.SslProtocol);
        Info.TlsCipher = tls.NegotiatedCipherSuite.ToString();
        Security.Telemetry.Handshake(Info.TlsProtocol);
        Activity.Current?.SetTag("tls.protocol", Info.TlsProtocol);
        Activity.Current?.SetTag("tls.cipher", Info.TlsCipher);
        LogTlsEstablished(Info.SessionId, Info.TlsProtocol, Info.TlsCipher);
        return true;
    }

    private async ValueTask DisposeTlsAsync()
    {
        if (_tls is null)
        {
            return;
        }

        try
        {
            await _lines.Input.CompleteAsync();
            await _replies.Output.CompleteAsync();
            await _tls.DisposeAsync();
        }
        catch (Exception ex) when (IsDisconnect(ex) || ex is OperationCanceledException)
        {
            // The client is gone; nothing is left to flush.
        }
    }

    /// <summary>The names Postfix and OpenSSL use ("TLSv1.3"), which Received headers and dashboards expect.</summary>
    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
