using System.Collections.Concurrent;
using System.Net;
using MailGrid.Net;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>A test authenticator over a dictionary of user names and passwords; records every attempt's user name.</summary>
public sealed class DictionaryAuthenticator(IReadOnlyDictionary<string, string> users) : IPasswordAuthenticator
{
    public ConcurrentQueue<string> Attempts { get; } = new();

    public ValueTask<string?> AuthenticateAsync(string userName, string password, IPEndPoint remoteEndPoint, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(userName);
        return ValueTask.FromResult(users.TryGetValue(userName, out var expected) && expected == password ? userName : null);
    }
}
