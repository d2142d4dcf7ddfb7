using MailGrid.Smtp.Session;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrid.Smtp;

/// <summary>
/// Kestrel's entry point: one <see cref="SmtpSession"/> per accepted connection. Put it on an endpoint with
/// <see cref="SmtpListenOptionsExtensions.UseMailGridSmtp"/> (or <c>listenOptions.UseConnectionHandler&lt;SmtpConnectionHandler&gt;()</c>,
/// which reports the listener as "mx").
/// </summary>
public sealed class SmtpConnectionHandler : ConnectionHandler
{
    private readonly IServiceScopeFactory scopes;
    private readonly SmtpSessionFactory sessions;

    internal SmtpConnectionHandler(IServiceScopeFactory scopes, SmtpSessionFactory sessions)
    {
        this.scopes = scopes;
        this.sessions = sessions;
    }

    /// <inheritdoc />
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // A scope per session lets hosts register the message handler as scoped or singleton.
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<ISmtpMessageHandler>();
        var listenerName = connection.Items.TryGetValue(SmtpListenOptionsExtensions.ListenerNameKey, out var name) && name is string s ? s : "mx";
        await using var session = sessions.Create(connection, listenerName, handler);
        await session.RunAsync();
    }
}
