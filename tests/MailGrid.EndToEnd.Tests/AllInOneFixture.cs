using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>One all-in-one server and one remote SMTP sink, shared by the tests of a class.</summary>
public sealed class AllInOneFixture : IAsyncLifetime
{
    private AllInOneServer? _server;

    public SmtpSink Sink { get; } = SmtpSink.Start();

    internal AllInOneServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await AllInOneServer.StartAsync(Sink.Port);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Sink.DisposeAsync();
    }
}
