using MailGrid.Queues;
using MailGrid.Storage.Serialization;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>
/// Domain queues as rows of <c>queue_entries</c> indexed by (domain, due_at); <c>queue_domains</c> is the
/// registry of non-empty queues with their depth, maintained in the same transaction as each entry.
/// Due times are stored in Unix milliseconds.
/// </summary>
public sealed class SqliteQueueStore : IQueueStore
{
    private const string OrderedEntries = "SELECT entry FROM queue_entries WHERE domain = $domain";
    private readonly SqliteDatabase database;

    public SqliteQueueStore(SqliteDatabase database) => this.database = database;

    public Task UpsertAsync(string domain, QueueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentNullException.ThrowIfNull(entry);
        var json = StorageJson.Serialize(entry);
        return database.WriteAsync(
            tx =>
            {
                using var update = tx.Command("UPDATE queue_entries SET due_at = $due, entry = $entry WHERE domain = $domain AND message_id = $id")
                    .With("$domain", domain).With("$id", entry.MessageId).With("$due", entry.DueAt.ToUnixTimeMilliseconds()).With("$entry", json);
                if (update.ExecuteNonQuery() > 0)
                {
                    return 0;
                }

                using var insert = tx.Command("INSERT INTO queue_entries (domain, message_id, due_at, entry) VALUES ($domain, $id, $due, $entry)")
                    .With("$domain", domain).With("$id", entry.MessageId).With("$due", entry.DueAt.ToUnixTimeMilliseconds()).With("$entry", json);
                insert.ExecuteNonQuery();
                using var depth = tx.Command("""
                    INSERT INTO queue_domains (domain, depth) VALUES ($domain, 1)
                    ON CONFLICT (domain) DO UPDATE SET depth = depth + 1
                    """).With("$domain", domain);
                return depth.ExecuteNonQuery();
            },
            cancellationToken);
    }

    public Task<bool> RemoveAsync(string domain, string messageId, CancellationToken cancellationToken) =>
        database.WriteAsync(
            tx =>
            {
                using var delete = tx.Command("DELETE FROM queue_entries WHERE domain = $domain AND message_id = $id")
                    .With("$domain", domain).With("$id", messageId);
                if (delete.ExecuteNonQuery() == 0)
                {
                    return false;
                }

                using var depth = tx.Command("""
                    UPDATE queue_domains SET depth = depth - 1 WHERE domain = $domain;
                    DELETE FROM queue_domains WHERE domain = $domain AND depth <= 0;
                    """).With("$domain", domain);
                depth.ExecuteNonQuery();
                return true;
            },
            cancellationToken);

    public Task<QueueEntry?> GetAsync(string domain, string messageId, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(
            connection =>
            {
                using var command = connection.Command(OrderedEntries + " AND message_id = $id").With("$domain", domain).With("$id", messageId);
                return command.ReadBlobs(json => StorageJson.DeserializeQueueEntry(json)).FirstOrDefault();
            },
            cancellationToken));

    public Task<IReadOnlyList<QueueEntry>> GetDueAsync(string domain, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<QueueEntry>>(database.Read(
            connection =>
            {
                using var command = connection.Command(OrderedEntries + " AND due_at <= $now ORDER BY due_at, message_id LIMIT $limit")
                    .With("$domain", domain).With("$now", now.ToUnixTimeMilliseconds()).With("$limit", Math.Max(0, limit));
                return command.ReadBlobs(json => StorageJson.DeserializeQueueEntry(json));
            },
            cancellationToken));

    public Task<IReadOnlyList<QueueEntry>> ListAsync(string domain, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<QueueEntry>>(ReadOrdered(domain, limit, cancellationToken));

    public Task<DateTimeOffset?> GetNextDueAsync(string domain, CancellationToken cancellationToken)
    {
        var first = ReadOrdered(domain, 1, cancellationToken);
        return Task.FromResult<DateTimeOffset?>(first.Count == 0 ? null : first[0].DueAt);
    }

    public Task<long> CountAsync(string domain, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(
            connection =>
            {
                using var command = connection.Command("SELECT depth FROM queue_domains WHERE domain = $domain").With("$domain", domain);
                return command.ExecuteScalar() is long depth ? depth : 0L;
            },
            cancellationToken));

    public Task<IReadOnlyList<string>> GetActiveDomainsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(database.Read(
            connection =>
            {
                using var command = connection.Command("SELECT domain FROM queue_domains ORDER BY domain");
                using var reader = command.ExecuteReader();
                var domains = new List<string>();
                while (reader.Read())
                {
                    domains.Add(reader.GetString(0));
                }

                return domains;
            },
            cancellationToken));

    private List<QueueEntry> ReadOrdered(string domain, int limit, CancellationToken cancellationToken) =>
        database.Read(
            connection =>
            {
                using var command = connection.Command(OrderedEntries + " ORDER BY due_at, message_id LIMIT $limit")
                    .With("$domain", domain).With("$limit", Math.Max(0, limit));
                return command.ReadBlobs(json => StorageJson.DeserializeQueueEntry(json));
            },
            cancellationToken);
}
