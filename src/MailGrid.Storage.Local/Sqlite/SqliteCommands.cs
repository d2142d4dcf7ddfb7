using Microsoft.Data.Sqlite;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>Small helpers so the stores read as SQL, not as ADO.NET plumbing.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
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
