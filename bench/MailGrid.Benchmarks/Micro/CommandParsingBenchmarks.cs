using BenchmarkDotNet.Attributes;
using MailGrid.Smtp.Protocol;

namespace MailGrid.Benchmarks.Micro;

/// <summary>The command lines of one ordinary transaction, parsed as the session parses them (returned as object: the command type is internal).</summary>
[MemoryDiagnoser]
public class CommandParsingBenchmarks
{
    private readonly byte[] _ehlo = "EHLO client.example.org"u8.ToArray();
    private readonly byte[] _mail = "MAIL FROM:<sender@example.org> SIZE=4096 BODY=8BITMIME"u8.ToArray();
    private readonly byte[] _rcpt = "RCPT TO:<recipient@example.com> NOTIFY=FAILURE,DELAY ORCPT=rfc822;recipient@example.com"u8.ToArray();
    private readonly byte[] _data = "DATA"u8.ToArray();

    [Benchmark]
    public object Ehlo() => SmtpCommandParser.Parse(_ehlo);

    [Benchmark]
    public object MailFrom() => SmtpCommandParser.Parse(_mail);

    [Benchmark]
    public object RcptTo() => SmtpCommandParser.Parse(_rcpt);

    [Benchmark]
    public object Data() => SmtpCommandParser.Parse(_data);
}
