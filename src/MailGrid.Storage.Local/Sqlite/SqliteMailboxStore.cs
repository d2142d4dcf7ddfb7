using MailGrid.Mailboxes;
using MailGrid.Storage.Serialization;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>
/// Mailbox indexes as rows of <c>mailbox_entries</c>; <c>mailbox_state</c> holds each mailbox's last UID
/// (never reused, as IMAP requires) and its count, so append and count stay O(1); <c>mailbox_messages</c> maps
/// (mailbox, message id) to its UID, so appending a message the mailbox holds already is a no-op. Each entry's message
/// id is a column of its own, indexed, so whether any mailbox still holds a message's body is one index probe.
/// </summary>
public sealed class SqliteMailboxStore : IMailboxStore
{
    private readonly SqliteDatabase database;

    public SqliteMailboxStore(SqliteDatabase database) => this.database = database;

    public Task<MailboxEntry> AppendAsync(string mailbox, MailboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mailbox);
        ArgumentNullException.ThrowIfNull(entry);
        return database.WriteAsync(
            tx =>
            {
                using (var existing = tx.Command("SELECT uid FROM mailbox_messages WHERE mailbox = $mailbox AND message_id = $id")
                    .With("$mailbox", mailbox).With("$id", entry.MessageId))
                {
                    if (existing.ExecuteScalar() is long held)
                    {
                        return entry with { Uid = held };
                    }
                }

                long uid;
                using (var next = tx.Command("""
                    INSERT INTO mailbox_state (mailbox, last_uid, count) VALUES ($mailbox, 1, 1)
                    ON CONFLICT (mailbox) DO UPDATE SET last_uid = last_uid + 1, count = count + 1
                    RETURNING last_uid
                    """).With("$mailbox", mailbox))
                {
                    uid = (long)next.ExecuteScalar()!;
                }

                var stored = entry with { Uid = uid };
                using var insert = tx.Command("INSERT INTO mailbox_entries (mailbox, uid, entry, message_id) VALUES ($mailbox, $uid, $entry, $message)")
                    .With("$mailbox", mailbox).With("$uid", uid).With("$entry", StorageJson.Serialize(stored)).With("$message", entry.MessageId);
                insert.ExecuteNonQuery();
                using var map = tx.Command("INSERT INTO mailbox_messages (mailbox, message_id, uid) VALUES ($mailbox, $id, $uid)")
                    .With("$mailbox", mailbox).With("$id", entry.MessageId).With("$uid", uid);
                map.ExecuteNonQuery();
                return stored;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<MailboxEntry>> ListAsync(string mailbox, long afterUid, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MailboxEntry>>(database.Read(
            connection =>
            {
                using var command = connection.Command(
                    "SELECT entry FROM mailbox_entries WHERE mailbox = $mailbox AND uid > $after ORDER BY uid LIMIT $limit")
                    .With("$mailbox", mailbox).With("$after", afterUid).With("$limit", Math.Max(0, limit));
                return command.ReadBlobs(json => StorageJson.DeserializeMailboxEntry(json));
            },
            cancellationToken));

    public Task<MailboxEntry?> GetAsync(string mailbox, long uid, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(
            connection =>
            {
                using var command = connection.Command("SELECT entry FROM mailbox_entries WHERE mailbox = $mailbox AND uid = $uid")
                    .With("$mailbox", mailbox).With("$uid", uid);
                return command.ReadBlob(json => StorageJson.DeserializeMailboxEntry(json));
            },
            cancellationToken));

    public Task<bool> DeleteAsync(string mailbox, long uid, CancellationToken cancellationToken) =>
        database.WriteAsync(
            tx =>
            {
                MailboxEntry? deleted;
                using (var delete = tx.Command("DELETE FROM mailbox_entries WHERE mailbox = $mailbox AND uid = $uid RETURNING entry")
                    .With("$mailbox", mailbox).With("$uid", uid))
                {
                    deleted = delete.ReadBlob(json => StorageJson.DeserializeMailboxEntry(json));
                }

                if (deleted is null)
                {
                    return false;
                }

                using (var unmap = tx.Command("DELETE FROM mailbox_messages WHERE mailbox = $mailbox AND message_id = $id AND uid = $uid")
                    .With("$mailbox", mailbox).With("$id", deleted.MessageId).With("$uid", uid))
                {
                    unmap.ExecuteNonQuery();
                }

                using var count = tx.Command("UPDATE mailbox_state SET count = count - 1 WHERE mailbox = $mailbox").With("$mailbox", mailbox);
                count.ExecuteNonQuery();
                return true;
            },
            cancellationToken);

    public Task<long> CountAsync(string mailbox, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(
            connection =>
            {
                using var command = connection.Command("SELECT count FROM mailbox_state WHERE mailbox = $mailbox").With("$mailbox", mailbox);
                return command.ExecuteScalar() is long count ? count : 0L;
            },
            cancellationToken));

    public Task<bool> ContainsMessageAsync(string messageId, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(
            connection =>
            {
                using var command = connection.Command("SELECT 1 FROM mailbox_entries WHERE message_id = $id LIMIT 1").With("$id", messageId);
                return command.ExecuteScalar() is not null;
            },
            cancellationToken));
}
