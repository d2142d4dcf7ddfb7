using System.Text;
using BenchmarkDotNet.Attributes;
using MailGrid.Dsn;
using MailGrid.Messages;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MailGrid.Benchmarks.Micro;

/// <summary>A failure DSN that returns a 4 KiB original, built and serialised.</summary>
[MemoryDiagnoser]
public class DsnBuildBenchmarks
{
    private readonly DsnBuilder _builder = new(Options.Create(new DsnOptions { ReportingMta = "mx.mailgrid.test" }), TimeProvider.System);
    private byte[] _original = [];
    private MessageEnvelope? _envelope;
    private DsnRecipientReport[] _reports = [];

    [GlobalSetup]
    public void Setup()
    {
        _original = Encoding.ASCII.GetBytes(WireMessage.Body(4 * 1024));
        var now = DateTimeOffset.UtcNow;
        _envelope = new MessageEnvelope
        {
            MessageId = "0193e5a4-0000-7000-8000-000000000001",
            ReversePath = "sender@example.org",
            Recipients = [new EnvelopeRecipient { Address = "bob@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test" }],
            BlobKey = "0193e5a4-0000-7000-8000-000000000001",
            Size = _original.Length,
            ArrivedAt = now,
            ClientHelo = "client.example.org",
            DsnReturn = "FULL",
        };
        _reports =
        [
            new DsnRecipientReport
            {
                FinalRecipient = "bob@remote.test",
                Action = DsnAction.Failed,
                Reply = "550 5.1.1 <bob@remote.test>: Recipient address rejected",
                RemoteMta = "mx1.remote.test",
                LastAttemptDate = now,
            },
        ];
    }

    [Benchmark]
    public async Task<long> BuildAndWrite()
    {
        using var original = new MemoryStream(_original, writable: false);
        var dsn = await _builder.BuildAsync(_envelope!, _reports, original, CancellationToken.None);
        using var output = new MemoryStream();
        await dsn!.WriteToAsync(FormatOptions.Default, output);
        return output.Length;
    }
}
