using MailGrid.Messages;
using MailGrid.Storage.Local.Journal;
using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailGrid.Storage.Tests.Journal;

/// <summary>
/// The file journal on a real folder, next to a real SQLite queue store: notes are found until forgotten, survive a
/// process that never closed them (the kill -9 case), and a new start keeps only those whose queue entry is left.
/// </summary>
public sealed class FileDeliveryJournalTests : IDisposable
{
    private const string Domain = "remote.test";
    private readonly TempDirectory folder = new();
    private readonly SqliteDatabase database;
    private readonly SqliteQueueStore queues;

    public FileDeliveryJournalTests()
    {
        database = Stores.OpenSqlite(folder.Path);
        queues = new SqliteQueueStore(database);
    }

    private string JournalFolder => Path.Combine(folder.Path, "journal");

    [Fact]
    public async Task A_note_is_found_until_it_is_forgotten()
    {
        var journal = Open();
        await journal.WriteAsync(Domain, "m1", [Delivered("a@remote.test")], default);

        var found = await journal.FindAsync(Domain, "m1", default);
        Assert.Equal("a@remote.test", Assert.Single(found).Address);
        Assert.Empty(await journal.FindAsync("other.test", "m1", default));

        await journal.ForgetAsync(Domain, "m1", default);
        Assert.Empty(await journal.FindAsync(Domain, "m1", default));
    }

    [Fact]
    public async Task Notes_of_one_message_add_up_by_recipient()
    {
        var journal = Open();
        await journal.WriteAsync(Domain, "m1", [Delivered("a@remote.test")], default);
        await journal.WriteAsync(Domain, "m1", [Delivered("b@remote.test"), Delivered("A@remote.test")], default);

        var found = await journal.FindAsync(Domain, "m1", default);
        Assert.Equal(["A@remote.test", "b@remote.test"], found.Select(o => o.Address).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_run_that_never_closed_its_journal_leaves_the_notes_whose_entry_is_still_queued()
    {
        // The crashed run: nothing disposed, the file is as the write calls left it.
        var crashed = Open();
        await queues.UpsertAsync(Domain, Samples.QueueEntry("queued", Samples.Epoch), default);
        await queues.UpsertAsync(Domain, Samples.QueueEntry("forgotten", Samples.Epoch), default);
        await crashed.WriteAsync(Domain, "queued", [Delivered("a@remote.test")], default);
        await crashed.WriteAsync(Domain, "forgotten", [Delivered("b@remote.test")], default);
        await crashed.ForgetAsync(Domain, "forgotten", default);
        // Its outcome was applied (entry removed) but the crash came before the note was forgotten.
        await crashed.WriteAsync(Domain, "applied", [Delivered("c@remote.test")], default);

        using var restarted = Open();

        Assert.Equal("a@remote.test", Assert.Single(await restarted.FindAsync(Domain, "queued", default)).Address);
        Assert.Empty(await restarted.FindAsync(Domain, "forgotten", default));
        Assert.Empty(await restarted.FindAsync(Domain, "applied", default));
        // The previous run's file is gone; the one that carries the open note is the only one left.
        Assert.Single(Directory.GetFiles(JournalFolder));
    }

    [Fact]
    public async Task Rotation_keeps_the_open_notes_and_drops_the_old_file()
    {
        var journal = Open(rotateAtBytes: 4096);
        await queues.UpsertAsync(Domain, Samples.QueueEntry("kept", Samples.Epoch), default);
        await journal.WriteAsync(Domain, "kept", [Delivered("k@remote.test")], default);
        for (var i = 0; i < 200; i++)
        {
            await journal.WriteAsync(Domain, $"m{i}", [Delivered($"r{i}@remote.test")], default);
            await journal.ForgetAsync(Domain, $"m{i}", default);
        }

        var files = Directory.GetFiles(JournalFolder);
        Assert.Single(files);
        Assert.True(new FileInfo(files[0]).Length < 4096 + 1024, $"the current file holds only what came after the last rotation ({new FileInfo(files[0]).Length} bytes)");

        using var restarted = Open();
        Assert.Equal("k@remote.test", Assert.Single(await restarted.FindAsync(Domain, "kept", default)).Address);
        Assert.Empty(await restarted.FindAsync(Domain, "m7", default));
    }

    [Fact]
    public async Task A_clean_stop_with_nothing_open_leaves_no_file()
    {
        var journal = Open();
        await journal.WriteAsync(Domain, "m1", [Delivered("a@remote.test")], default);
        await journal.ForgetAsync(Domain, "m1", default);

        journal.Dispose();

        Assert.Empty(Directory.GetFiles(JournalFolder));
    }

    [Fact]
    public async Task A_torn_line_is_skipped_and_the_rest_is_read()
    {
        var crashed = Open();
        await queues.UpsertAsync(Domain, Samples.QueueEntry("queued", Samples.Epoch), default);
        await crashed.WriteAsync(Domain, "queued", [Delivered("a@remote.test")], default);
        var file = Assert.Single(Directory.GetFiles(JournalFolder));

        // What a machine crash (not a process crash) can leave: half a line at the end.
        await File.AppendAllTextAsync(file, "{\"domain\":\"remote.test\",\"messageId\":\"qu");

        using var restarted = Open();
        Assert.Single(await restarted.FindAsync(Domain, "queued", default));
    }

    public void Dispose()
    {
        database.Dispose();
        folder.Dispose();
    }

    private FileDeliveryJournal Open(long rotateAtBytes = FileDeliveryJournal.DefaultRotateAtBytes) =>
        new(JournalFolder, queues, NullLogger<FileDeliveryJournal>.Instance, rotateAtBytes);

    private static RecipientOutcome Delivered(string address) => new()
    {
        Address = address,
        State = RecipientState.Delivered,
        Detail = "250 2.0.0 Ok",
        RemoteHost = "127.0.0.1:25",
        At = Samples.Epoch,
    };
}
