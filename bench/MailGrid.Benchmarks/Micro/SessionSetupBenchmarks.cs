using System.IO.Pipelines;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using MailGrid.Smtp;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrid.Benchmarks.Micro;

/// <summary>
/// What the engine spends on one SMTP connection (issue 10 item 8): a whole conversation — greeting, HELO, one
/// transaction of a 4 KB message, QUIT — through <see cref="SmtpConnectionHandler"/>, against the same transaction
/// inside a session that stays open (100 per session, reported per message). The client's bytes are in the input
/// pipe before the session starts and both pipes run inline, so the conversation runs on the calling thread and
/// "Allocated" counts the engine's allocations exactly; Kestrel's socket transport and the handler are not in it
/// (<see cref="DiscardingMessageHandler"/>). The difference of the two rows is the price of a connection.
/// </summary>
[MemoryDiagnoser]
public class SessionSetupBenchmarks
{
    private const int MessagesPerSession = 100;
    private static readonly PipeOptions Inline = new(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, useSynchronizationContext: false);

    private ServiceProvider _services = null!;
    private SmtpConnectionHandler _handler = null!;
    private byte[] _connectionPerMessage = null!;
    private byte[] _reusedSession = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddMailGridSmtp(o => o.Hostname = "bench.example.org")
            .AddSingleton<ISmtpMessageHandler, DiscardingMessageHandler>()
            .BuildServiceProvider();
        _handler = _services.GetRequiredService<SmtpConnectionHandler>();
        var transaction = "MAIL FROM:<sender@example.org>\r\nRCPT TO:<user@relay.example>\r\nDATA\r\n" + WireMessage.Body(4096) + ".\r\n";
        _connectionPerMessage = Encoding.ASCII.GetBytes("HELO client.example.org\r\n" + transaction + "QUIT\r\n");
        _reusedSession = Encoding.ASCII.GetBytes("HELO client.example.org\r\n" + string.Concat(Enumerable.Repeat(transaction, MessagesPerSession)) + "QUIT\r\n");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = MessagesPerSession)]
    public Task MessageInReusedSession() => ConverseAsync(_reusedSession);

    [Benchmark]
    public Task ConnectionPerMessage() => ConverseAsync(_connectionPerMessage);

    private async Task ConverseAsync(byte[] client)
    {
        var input = new Pipe(Inline);
        var output = new Pipe(Inline);
        await input.Writer.WriteAsync(client);
        await input.Writer.CompleteAsync();
        var connection = new DefaultConnectionContext("bench", new DuplexPipe(input.Reader, output.Writer), new DuplexPipe(output.Reader, input.Writer))
        {
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 40000),
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 2525),
        };
        await _handler.OnConnectedAsync(connection);
        var replies = await output.Reader.ReadAsync();
        if (replies.Buffer.Length == 0)
        {
            throw new InvalidOperationException("The session sent no reply.");
        }

        output.Reader.AdvanceTo(replies.Buffer.End);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
