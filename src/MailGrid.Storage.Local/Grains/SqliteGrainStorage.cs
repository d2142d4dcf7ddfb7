using MailGrid.Storage.Local.Sqlite;
using Orleans.Storage;

namespace MailGrid.Storage.Local.Grains;

/// <summary>
/// Durable Orleans grain state for the embedded mode: one row per (provider, state name, grain) in the
/// node's SQLite database, written through the same group-commit writer as the record stores. ETags are
/// row versions; a write or clear whose ETag does not match the stored one throws
/// <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly string providerName;
    private readonly IGrainStorageSerializer serializer;
    private readonly SqliteDatabase database;

    public SqliteGrainStorage(string providerName, LocalGrainStorageOptions options, SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.providerName = providerName;
        serializer = options.GrainStorageSerializer
            ?? throw new ArgumentException($"Grain storage '{providerName}' has no GrainStorageSerializer.", nameof(options));
        this.database = database;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = database.Read(
            connection =>
            {
                using var command = connection.Command(
                    "SELECT etag, data FROM grain_state WHERE provider = $provider AND state_name = $state AND grain_id = $grain")
                    .With("$provider", providerName).With("$state", stateName).With("$grain", grainId.ToString());
                using var reader = command.ExecuteReader();
                return reader.Read() ? (Etag: reader.GetInt64(0), Data: reader.GetFieldValue<byte[]>(1)) : ((long Etag, byte[] Data)?)null;
            },
            CancellationToken.None);

        if (stored is { } row)
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(row.Data));
            grainState.ETag = row.Etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.Serialize(grainState.State).ToArray();
        var expected = grainState.ETag;
        var grain = grainId.ToString();
        var etag = await database.WriteAsync(
            tx =>
            {
                var current = CheckEtag(tx, stateName, grain, expected);
                var next = (current ?? 0) + 1;
                using var upsert = tx.Command("""
                    INSERT INTO grain_state (provider, state_name, grain_id, etag, data) VALUES ($provider, $state, $grain, $etag, $data)
                    ON CONFLICT (provider, state_name, grain_id) DO UPDATE SET etag = excluded.etag, data = excluded.data
                    """).With("$provider", providerName).With("$state", stateName).With("$grain", grain).With("$etag", next).With("$data", data);
                upsert.ExecuteNonQuery();
                return next;
            },
            CancellationToken.None);

        grainState.ETag = etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = grainState.ETag;
        var grain = grainId.ToString();
        await database.WriteAsync(
            tx =>
            {
                CheckEtag(tx, stateName, grain, expected);
                using var delete = tx.Command("DELETE FROM grain_state WHERE provider = $provider AND state_name = $state AND grain_id = $grain")
                    .With("$provider", providerName).With("$state", stateName).With("$grain", grain);
                return delete.ExecuteNonQuery();
            },
            CancellationToken.None);

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Returns the stored version, or throws when it is not the one the grain last saw.</summary>
    private long? CheckEtag(Microsoft.Data.Sqlite.SqliteTransaction tx, string stateName, string grain, string? expected)
    {
        using var command = tx.Command("SELECT etag FROM grain_state WHERE provider = $provider AND state_name = $state AND grain_id = $grain")
            .With("$provider", providerName).With("$state", stateName).With("$grain", grain);
        var current = command.ExecuteScalar() is long value ? value : (long?)null;
        var currentText = current?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.Equals(currentText, expected, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"ETag mismatch for {stateName} of {grain} in grain storage '{providerName}'.", currentText ?? "(none)", expected ?? "(none)");
        }

        return current;
    }
}
