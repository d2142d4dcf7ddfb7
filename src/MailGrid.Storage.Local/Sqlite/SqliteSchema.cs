namespace MailGrid.Storage.Local.Sqlite;

/// <summary>
/// One row per record, so an append touches a constant number of B-tree pages however large a
/// mailbox or queue grows. Per-mailbox and per-domain counters make UIDs and depths O(1).
/// </summary>
internal static class SqliteSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS message_records (
            message_id TEXT NOT NULL PRIMARY KEY,
            record     BLOB NOT NULL
        );

        CREATE TABLE IF NOT EXISTS mailbox_state (
            mailbox  TEXT    NOT NULL PRIMARY KEY,
            last_uid INTEGER NOT NULL,
            count    INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS mailbox_entries (
            mailbox TEXT    NOT NULL,
            uid     INTEGER NOT NULL,
            entry   BLOB    NOT NULL,
            PRIMARY KEY (mailbox, uid)
        );

        -- Which message each mailbox holds under which UID: an append of a message already there is a no-op.
        CREATE TABLE IF NOT EXISTS mailbox_messages (
            mailbox    TEXT    NOT NULL,
            message_id TEXT    NOT NULL,
            uid        INTEGER NOT NULL,
            PRIMARY KEY (mailbox, message_id)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS queue_entries (
            domain     TEXT    NOT NULL,
            message_id TEXT    NOT NULL,
            due_at     INTEGER NOT NULL,
            entry      BLOB    NOT NULL,
            PRIMARY KEY (domain, message_id)
        );

        CREATE INDEX IF NOT EXISTS queue_entries_due ON queue_entries (domain, due_at, message_id);

        CREATE TABLE IF NOT EXISTS queue_domains (
            domain TEXT    NOT NULL PRIMARY KEY,
            depth  INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS blobs (
            key  TEXT NOT NULL PRIMARY KEY,
            body BLOB NOT NULL
        );

        CREATE TABLE IF NOT EXISTS grain_state (
            provider   TEXT    NOT NULL,
            state_name TEXT    NOT NULL,
            grain_id   TEXT    NOT NULL,
            etag       INTEGER NOT NULL,
            data       BLOB    NOT NULL,
            PRIMARY KEY (provider, state_name, grain_id)
        );
        """;
}
