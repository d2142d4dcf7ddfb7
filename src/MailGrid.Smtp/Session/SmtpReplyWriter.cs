using System.IO.Pipelines;
using System.Text;
using MailGrid.Net.Connections;

namespace MailGrid.Smtp.Session;

/// <summary>
/// Formats replies into the output pipe without flushing: the session flushes only when no further pipelined
/// command is buffered (RFC 2920) and before every blocking read. <see cref="Output"/> is replaceable so a
/// later STARTTLS can swap in the TLS stream's pipe. Replies are encoded straight into the pipe's buffer, with no
/// string per line: every command (and with a connection per message, every greeting) passes through here.
/// </summary>
internal sealed class SmtpReplyWriter(PipeWriter output) : IPendingOutput
{
    public PipeWriter Output { get; set; } = output;

    /// <summary>Writes a reply; a text with line breaks becomes a multi-line reply, each line with code and enhanced code.</summary>
    public void Write(SmtpResponse response)
    {
        var rest = response.Text.AsSpan();
        while (true)
        {
            var lf = rest.IndexOf('\n');
            var text = (lf < 0 ? rest : rest[..lf]).TrimEnd('\r');
            WriteLine(response.Code, lf < 0 ? ' ' : '-', response.EnhancedCode, text);
            if (lf < 0)
            {
                return;
            }

            rest = rest[(lf + 1)..];
        }
    }

    /// <summary>Writes a multi-line reply whose lines carry no enhanced code (the EHLO reply, RFC 2034 3).</summary>
    public void WriteLines(int code, IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            WriteLine(code, i == lines.Count - 1 ? ' ' : '-', "", lines[i]);
        }
    }

    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken) => Output.FlushAsync(cancellationToken);

    /// <summary>"CODE" separator ["ENHANCED "] text CRLF.</summary>
    private void WriteLine(int code, char separator, string enhancedCode, ReadOnlySpan<char> text)
    {
        var span = Output.GetSpan(3 + 1 + enhancedCode.Length + 1 + Encoding.UTF8.GetMaxByteCount(text.Length) + 2);
        span[0] = (byte)('0' + (code / 100 % 10));
        span[1] = (byte)('0' + (code / 10 % 10));
        span[2] = (byte)('0' + (code % 10));
        span[3] = (byte)separator;
        var length = 4;
        if (enhancedCode.Length > 0)
        {
            length += Encoding.ASCII.GetBytes(enhancedCode, span[length..]);
            span[length++] = (byte)' ';
        }

        length += Encoding.UTF8.GetBytes(text, span[length..]);
        span[length++] = (byte)'\r';
        span[length++] = (byte)'\n';
        Output.Advance(length);
    }
}
