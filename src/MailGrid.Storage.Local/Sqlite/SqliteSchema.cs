using Microsoft.Data.Sqlite;

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
            record     BLOB NOT NULL,
            final_at   INTEGER
        );

        CREATE TABLE IF NOT EXISTS mailbox_state (
            mailbox  TEXT    NOT NULL PRIMARY KEY,
            last_uid INTEGER NOT NULL,
            count    INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS mailbox_entries (
            mailbox    TEXT    NOT NULL,
            uid        INTEGER NOT NULL,
            entry      BLOB    NOT NULL,
            message_id TEXT,
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

    /// <summary>
    /// Columns added after the first release, for databases created before them (<c>CREATE TABLE IF NOT EXISTS</c>
    /// leaves an existing table as it is), each with the statement that fills it for the rows already there.
    /// </summary>
    private static readonly (string Table, string Column, string Type, string? Backfill)[] AddedColumns =
    [
        // Unix ms when the last recipient became final; NULL while one is open. The storage sweep expires by it.
        // Not filled in: a record from before is simply not expired until it is written again (the safe side).
        ("message_records", "final_at", "INTEGER", null),

        // Which message's body the entry shares, so the sweep never deletes a body a mailbox holds. Filled in from
        // the entry itself, because an entry without it would not protect its body.
        ("mailbox_entries", "message_id", "TEXT", "UPDATE mailbox_entries SET message_id = json_extract(CAST(entry AS TEXT), '$.messageId')"),
    ];

    /// <summary>Indexes over the added columns; partial, so rows without a value cost nothing.</summary>
    private const string AddedIndexes = """
        CREATE INDEX IF NOT EXISTS message_records_final ON message_records (final_at) WHERE final_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS mailbox_entries_message ON mailbox_entries (message_id) WHERE message_id IS NOT NULL;
        """;

    /// <summary>Creates the schema, or brings a database made by an earlier version up to it.</summary>
    public static void Apply(SqliteConnection connection)
    {
        Execute(connection, Create);
        foreach (var (table, column, type, backfill) in AddedColumns)
        {
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
            exists.Parameters.AddWithValue("$table", table);
            exists.Parameters.AddWithValue("$column", column);
            if ((long)exists.ExecuteScalar()! == 0)
            {
                // Names come from the constant list above, never from input.
                using var transaction = connection.BeginTransaction();
                Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} {type}", transaction);
                if (backfill is not null)
                {
                    Execute(connection, backfill, transaction);
                }

                transaction.Commit();
            }
        }

        Execute(connection, AddedIndexes);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
