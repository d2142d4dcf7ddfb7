using System.Globalization;
using System.Text.Json;
using MailGrid.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Local.Journal;

/// <summary>
/// The embedded node's delivery journal: append-only files under <c>&lt;DataPath&gt;/journal</c>, one JSON line per
/// note, written straight to the operating system (no buffer, no fsync) by the delivery worker that got the reply,
/// so a note costs microseconds where the group commit of the message record costs milliseconds. Open notes are also
/// held in memory. On first use after a start, the files a previous run left are read, notes whose queue entry is
/// gone are dropped (their outcome was applied), the rest are carried into a new file and the old files deleted; a
/// file that grows past its limit is rotated the same way, so the journal stays as small as what is in flight.
/// </summary>
public sealed partial class FileDeliveryJournal : IDeliveryJournal, IDisposable
{
    /// <summary>Size at which a file is rotated: it then holds mostly forgotten notes, and a new one starts with the open ones.</summary>
    internal const long DefaultRotateAtBytes = 4 * 1024 * 1024;
    private const string FilePrefix = "deliveries-";
    private const string FileSuffix = ".log";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Domain, string MessageId), RecipientOutcome[]> _open = [];
    private readonly IQueueStore _queues;
    private readonly ILogger<FileDeliveryJournal> _logger;
    private readonly long _rotateAtBytes;
    private Task? _loading;
    private FileStream? _file;
    private long _nextFileNumber = 1;
    private bool _disposed;

    public FileDeliveryJournal(IOptions<LocalStorageOptions> options, IQueueStore queues, ILogger<FileDeliveryJournal> logger)
        : this(Path.Combine(options.Value.DataPath, "journal"), queues, logger, DefaultRotateAtBytes)
    {
    }

    internal FileDeliveryJournal(string folder, IQueueStore queues, ILogger<FileDeliveryJournal> logger, long rotateAtBytes)
    {
        Folder = Path.GetFullPath(folder);
        _queues = queues;
        _logger = logger;
        _rotateAtBytes = rotateAtBytes;
    }

    /// <summary>The folder that holds the journal files.</summary>
    public string Folder { get; }

    public async ValueTask WriteAsync(string domain, string messageId, IReadOnlyList<RecipientOutcome> delivered, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        await EnsureLoadedAsync(cancellationToken);
        lock (_gate)
        {
            var key = (domain, messageId);
            RecipientOutcome[] noted = _open.TryGetValue(key, out var earlier)
                ? [.. earlier.Where(e => !delivered.Any(d => d.Address.Equals(e.Address, StringComparison.OrdinalIgnoreCase))), .. delivered]
                : [.. delivered];
            _open[key] = noted;
            Append(new DeliveryJournalLine { Domain = domain, MessageId = messageId, Delivered = noted });
        }
    }

    public async ValueTask<IReadOnlyList<RecipientOutcome>> FindAsync(string domain, string messageId, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        lock (_gate)
        {
            return _open.TryGetValue((domain, messageId), out var noted) ? noted : [];
        }
    }

    public async ValueTask ForgetAsync(string domain, string messageId, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        lock (_gate)
        {
            if (_open.Remove((domain, messageId)))
            {
                Append(new DeliveryJournalLine { Domain = domain, MessageId = messageId });
            }
        }
    }

    /// <summary>Closes the file; after a clean stop with nothing open, the journal folder is left empty.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_file is not { } file)
            {
                return;
            }

            _file = null;
            file.Dispose();
            if (_open.Count == 0)
            {
                File.Delete(file.Name);
            }
        }
    }

    private Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loading is null || _loading.IsFaulted)
            {
                // Shared by every caller, so no caller's token may cancel it; a failed load is tried again on the next call.
                _loading = Task.Run(() => LoadAsync(CancellationToken.None), CancellationToken.None);
            }

            return _loading.WaitAsync(cancellationToken);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var files = Directory.GetFiles(Folder, FilePrefix + "*" + FileSuffix)
            .Select(path => (Path: path, Number: FileNumber(path)))
            .Where(f => f.Number > 0)
            .OrderBy(f => f.Number)
            .ToArray();
        var noted = new Dictionary<(string Domain, string MessageId), RecipientOutcome[]>();
        foreach (var (path, _) in files)
        {
            Read(path, noted);
        }

        // A note whose queue entry is gone had its outcome applied before the stop: there is nothing left to protect.
        foreach (var key in noted.Keys.ToArray())
        {
            if (await _queues.GetAsync(key.Domain, key.MessageId, cancellationToken) is null)
            {
                noted.Remove(key);
            }
        }

        lock (_gate)
        {
            // A load that failed after starting its file is being tried again: that file is among those just read.
            _file?.Dispose();
            _nextFileNumber = files.Length > 0 ? files[^1].Number + 1 : 1;
            foreach (var (key, outcomes) in noted)
            {
                _open[key] = outcomes;
            }

            StartFile();
        }

        // Only now: until the new file holds the carried notes, the old ones are what a crash would read.
        foreach (var (path, _) in files)
        {
            File.Delete(path);
        }

        if (noted.Count > 0)
        {
            LogCarriedOver(_logger, noted.Count, files.Length);
        }
    }

    private void Read(string path, Dictionary<(string Domain, string MessageId), RecipientOutcome[]> noted)
    {
        foreach (var text in File.ReadLines(path))
        {
            DeliveryJournalLine? line;
            try
            {
                line = JsonSerializer.Deserialize(text, DeliveryJournalJsonContext.Default.DeliveryJournalLine);
            }
            catch (JsonException)
            {
                // Only a machine crash (not a process crash) can leave a torn last line; that note is lost, a duplicate at worst.
                LogUnreadableLine(_logger, path);
                continue;
            }

            if (line is null)
            {
                continue;
            }

            if (line.Delivered is null)
            {
                noted.Remove((line.Domain, line.MessageId));
            }
            else
            {
                noted[(line.Domain, line.MessageId)] = line.Delivered;
            }
        }
    }

    /// <summary>Under the gate: one line to the current file, then rotation when it is due.</summary>
    private void Append(DeliveryJournalLine line)
    {
        var file = _file ?? throw new ObjectDisposedException(nameof(FileDeliveryJournal));
        WriteLine(file, line);
        if (file.Position >= _rotateAtBytes)
        {
            StartFile();
            file.Dispose();
            File.Delete(file.Name);
        }
    }

    /// <summary>Under the gate: a new file that starts with the open notes.</summary>
    private void StartFile()
    {
        var path = Path.Combine(Folder, FilePrefix + _nextFileNumber.ToString("D12", CultureInfo.InvariantCulture) + FileSuffix);
        _nextFileNumber++;
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        foreach (var ((domain, messageId), outcomes) in _open)
        {
            WriteLine(file, new DeliveryJournalLine { Domain = domain, MessageId = messageId, Delivered = outcomes });
        }

        _file = file;
    }

    /// <summary>One line, one write system call (the stream has no buffer): from then on it survives a crash of the process.</summary>
    private static void WriteLine(FileStream file, DeliveryJournalLine line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, DeliveryJournalJsonContext.Default.DeliveryJournalLine);
        var buffer = new byte[bytes.Length + 1];
        bytes.CopyTo(buffer, 0);
        buffer[^1] = (byte)'\n';
        file.Write(buffer);
    }

    private static long FileNumber(string path)
    {
        var name = Path.GetFileName(path);
        return long.TryParse(name.AsSpan(FilePrefix.Length, name.Length - FilePrefix.Length - FileSuffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery journal: {Count} delivery note(s) carried over from {Files} file(s) of a previous run")]
    private static partial void LogCarriedOver(ILogger logger, int count, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery journal: an unreadable line in {Path} was skipped")]
    private static partial void LogUnreadableLine(ILogger logger, string path);
}
