using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>An all-in-one server and a private Postfix instance that relays everything into the server's SMTP port.</summary>
public sealed class PostfixPeerFixture : IAsyncLifetime
{
    private AllInOneServer? _server;
    private PostfixInstance? _postfix;

    public SmtpSink Sink { get; } = SmtpSink.Start();

    internal AllInOneServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public PostfixInstance Postfix => _postfix ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _server = await AllInOneServer.StartAsync(Sink.Port);
        _postfix = await PostfixInstance.StartAsync(_server.SmtpPort);
    }

    public async Task DisposeAsync()
    {
        if (_postfix is not null)
        {
            await _postfix.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Sink.DisposeAsync();
    }
}
