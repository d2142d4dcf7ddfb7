using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>Small helpers so the stores read as SQL, not as ADO.NET plumbing.</summary>
internal static class SqliteCommands
{
    // Commands stay prepared per connection; only the group-commit writer's connection takes this path, from its
    // one thread, so the per-connection dictionary needs no lock.
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, ReusableSqliteCommand>> Prepared = new();

    /// <summary>A prepared command for <paramref name="sql"/> in <paramref name="transaction"/>; dispose it as usual.</summary>
    public static SqliteCommand Command(this SqliteTransaction transaction, string sql)
    {
        var connection = transaction.Connection!;
        var cache = Prepared.GetOrCreateValue(connection);
        if (!cache.TryGetValue(sql, out var command))
        {
            command = new ReusableSqliteCommand(sql, connection);
            cache[sql] = command;
        }

        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Disposes the prepared commands of <paramref name="connection"/> (before it closes).</summary>
    public static void ReleasePrepared(SqliteConnection connection)
    {
        if (Prepared.TryGetValue(connection, out var cache))
        {
            foreach (var command in cache.Values)
            {
                command.Release();
            }

            Prepared.Remove(connection);
        }
    }

    public static SqliteCommand Command(this SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Reads the first column of every row as UTF-8 JSON bytes and maps it.</summary>
    public static List<T> ReadBlobs<T>(this SqliteCommand command, Func<byte[], T> map)
    {
        var results = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            results.Add(map(reader.GetFieldValue<byte[]>(0)));
        }

        return results;
    }

    public static T? ReadBlob<T>(this SqliteCommand command, Func<byte[], T> map)
        where T : class
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? map(reader.GetFieldValue<byte[]>(0)) : null;
    }
}
