using System.Text;
using BenchmarkDotNet.Attributes;
using MailGrid.Smtp.Protocol;

namespace MailGrid.Benchmarks.Micro;

/// <summary>DATA through the dot-unstuffer in 4 KiB network reads, as the session feeds it.</summary>
[MemoryDiagnoser]
public class DotUnstuffingBenchmarks
{
    private const int ReadSize = 4096;
    private byte[] _wire = [];
    private byte[] _output = [];

    [Params(4 * 1024, 100 * 1024)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _wire = Encoding.ASCII.GetBytes(WireMessage.Body(BodySize, dotEvery: 20) + ".\r\n");
        _output = new byte[(ReadSize * 2) + 1];
    }

    [Benchmark]
    public long Unstuff()
    {
        var unstuffer = new DotUnstuffer(8192);
        long total = 0;
        var offset = 0;
        while (offset < _wire.Length && !unstuffer.Ended)
        {
            var read = _wire.AsSpan(offset, Math.Min(ReadSize, _wire.Length - offset));
            offset += unstuffer.Unstuff(read, _output, out var written);
            total += written;
        }

        return total;
    }
}
