using System.IO.Pipelines;
using System.Text;
using MailGrid.Net.Connections;

namespace MailGrid.Smtp.Session;

/// <summary>
/// Formats replies into the output pipe without flushing: the session flushes only when no further pipelined
/// command is buffered (RFC 2920) and before every blocking read. <see cref="Output"/> is replaceable so a
/// later STARTTLS can swap in the TLS stream's pipe.
/// </summary>
internal sealed class SmtpReplyWriter(PipeWriter output) : IPendingOutput
{
    public PipeWriter Output { get; set; } = output;

    /// <summary>Writes a reply; a text with line breaks becomes a multi-line reply, each line with code and enhanced code.</summary>
    public void Write(SmtpResponse response)
    {
        var lines = response.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var separator = i == lines.Length - 1 ? ' ' : '-';
            var text = lines[i].TrimEnd('\r');
            WriteLine(response.EnhancedCode.Length == 0
                ? $"{response.Code}{separator}{text}"
                : $"{response.Code}{separator}{response.EnhancedCode} {text}");
        }
    }

    /// <summary>Writes a multi-line reply whose lines carry no enhanced code (the EHLO reply, RFC 2034 3).</summary>
    public void WriteLines(int code, IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            WriteLine($"{code}{(i == lines.Count - 1 ? ' ' : '-')}{lines[i]}");
        }
    }

    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken) => Output.FlushAsync(cancellationToken);

    private void WriteLine(string line)
    {
        var span = Output.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length) + 2);
        var length = Encoding.UTF8.GetBytes(line, span);
        span[length++] = (byte)'\r';
        span[length++] = (byte)'\n';
        Output.Advance(length);
    }
}
