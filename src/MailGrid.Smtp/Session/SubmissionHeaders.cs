namespace MailGrid.Smtp.Session;

/// <summary>
/// Decides whether a message is a submission (RFC 6409) whose missing <c>Date:</c> and <c>Message-ID:</c> the
/// engine adds: it came in on a listener with <see cref="SmtpListenerOptions.RequireAuth"/>, or from an
/// authenticated client. Relayed mail (MX) is never changed.
/// </summary>
internal static class SubmissionHeaders
{
    public static bool Apply(SmtpSessionInfo session, SmtpServerOptions options) =>
        session.AuthenticatedUser is not null ||
        options.Listeners.Exists(l => l.RequireAuth && string.Equals(l.Name, session.ListenerName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The sink the client's message streams into: the writer's body, or an inserter in front of it.</summary>
    public static Stream Wrap(Stream body, SmtpSessionInfo session, SmtpServerOptions options, string queueId, DateTimeOffset now) =>
        Apply(session, options)
            ? new MissingHeaderInserter(body, $"<{queueId}@{options.Hostname}>", ReceivedHeaderBuilder.FormatDate(now))
            : body;

    /// <summary>Ends the header watch; returns the octets it added.</summary>
    public static async ValueTask<long> CompleteAsync(Stream sink, CancellationToken cancellationToken)
    {
        if (sink is not MissingHeaderInserter inserter)
        {
            return 0;
        }

        await inserter.CompleteAsync(cancellationToken);
        return inserter.InsertedBytes;
    }
}
