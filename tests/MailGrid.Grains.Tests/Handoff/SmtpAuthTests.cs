using MailGrid.Accounts;
using MailGrid.Grains.Tests.Cluster;

namespace MailGrid.Grains.Tests.Handoff;

/// <summary>
/// SMTP AUTH and sender ownership as the ingress applies them: <c>GrainPasswordAuthenticator</c> verifying against the
/// directory grain, and <c>GrainMessageHandler.CheckSenderAsync</c> for authenticated sessions.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class SmtpAuthTests(SharedClusterFixture fixture) : IAsyncLifetime, IDisposable
{
    private readonly HandoffServices _handoff = new(fixture.Cluster);
    private readonly string _user = $"sam{Guid.NewGuid().ToString("N")[..8]}@example.com";

    private IDirectoryGrain Directory => fixture.Cluster.Client.GetGrain<IDirectoryGrain>(0);

    private string Alias => $"s.{_user}";

    public async Task InitializeAsync()
        => await Directory.UpsertAccountAsync(new Account { Address = _user, Aliases = [Alias], PasswordHash = PasswordHasher.Hash("sam's secret", iterations: 10_000) });

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _handoff.Dispose();

    [Fact]
    public async Task Right_password_authenticates_as_the_canonical_address()
    {
        var identity = await _handoff.Authenticator.AuthenticateAsync(_user.ToUpperInvariant(), "sam's secret", HandoffServices.Client, CancellationToken.None);

        Assert.Equal(_user, identity);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("")]
    [InlineData("SAM'S SECRET")]
    public async Task Wrong_password_is_refused(string password)
    {
        Assert.Null(await _handoff.Authenticator.AuthenticateAsync(_user, password, HandoffServices.Client, CancellationToken.None));
    }

    [Fact]
    public async Task Alias_unknown_user_and_passwordless_account_are_refused()
    {
        Assert.Null(await _handoff.Authenticator.AuthenticateAsync(Alias, "sam's secret", HandoffServices.Client, CancellationToken.None));
        Assert.Null(await _handoff.Authenticator.AuthenticateAsync($"nobody-{_user}", "sam's secret", HandoffServices.Client, CancellationToken.None));
        Assert.Null(await _handoff.Authenticator.AuthenticateAsync("", "sam's secret", HandoffServices.Client, CancellationToken.None));
        // alice@example.com is a configuration account without a password.
        Assert.Null(await _handoff.Authenticator.AuthenticateAsync("alice@example.com", "", HandoffServices.Client, CancellationToken.None));
    }

    [Fact]
    public async Task Authenticated_user_may_send_as_its_address_and_aliases_and_the_null_sender()
    {
        var session = HandoffServices.Session(_user);

        foreach (var sender in new[] { _user, _user.ToUpperInvariant(), Alias, "" })
        {
            var reply = await _handoff.Handler.CheckSenderAsync(session, HandoffServices.Transaction(sender), CancellationToken.None);
            Assert.Equal((250, "2.1.0"), (reply.Code, reply.EnhancedCode));
        }
    }

    [Fact]
    public async Task Authenticated_user_may_not_send_as_someone_else()
    {
        var session = HandoffServices.Session(_user);

        var reply = await _handoff.Handler.CheckSenderAsync(session, HandoffServices.Transaction("alice@example.com"), CancellationToken.None);

        Assert.Equal(553, reply.Code);
        Assert.Equal("5.7.1", reply.EnhancedCode);
        Assert.Equal($"<alice@example.com>: Sender address rejected: not owned by user {_user}", reply.Text);
    }

    [Fact]
    public async Task Unauthenticated_sender_is_not_checked_for_ownership()
    {
        var reply = await _handoff.Handler.CheckSenderAsync(HandoffServices.Session(), HandoffServices.Transaction("anyone@elsewhere.test"), CancellationToken.None);

        Assert.Equal(250, reply.Code);
    }

    [Fact]
    public async Task Authenticated_user_may_relay_and_untrusted_anonymous_client_may_not()
    {
        var transaction = HandoffServices.Transaction(_user);
        var noParameters = new Dictionary<string, string>();

        var authenticated = await _handoff.Handler.CheckRecipientAsync(HandoffServices.Session(_user), transaction, "friend@remote.example", noParameters, CancellationToken.None);
        var anonymous = await _handoff.Handler.CheckRecipientAsync(HandoffServices.Session(), transaction, "friend@remote.example", noParameters, CancellationToken.None);

        Assert.Equal(250, authenticated.Response.Code);
        Assert.Equal((550, "5.7.1"), (anonymous.Response.Code, anonymous.Response.EnhancedCode));
    }
}
