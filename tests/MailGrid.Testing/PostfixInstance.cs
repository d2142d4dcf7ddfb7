using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailGrid.Testing;

/// <summary>
/// A private Postfix instance (its own config, queue and data folders in a temp folder) that accepts mail on a
/// loopback port and relays everything to <c>[127.0.0.1]:relayPort</c>, with opportunistic STARTTLS. Its log goes
/// to a file (<see cref="ReadMailLog"/>). Needs root (Postfix's master starts as root and drops to the
/// <c>postfix</c> user) and the Debian postfix package (eng/test.sh installs it).
/// </summary>
public sealed class PostfixInstance : IAsyncDisposable
{
    public const string PostfixCommand = "/usr/sbin/postfix";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _root;

    private PostfixInstance(TempDirectory root, int port)
    {
        _root = root;
        Port = port;
    }

    /// <summary>The port of Postfix's smtpd on 127.0.0.1.</summary>
    public int Port { get; }

    public string ConfigDirectory => Path.Combine(_root.Path, "conf");

    public string MailLogPath => Path.Combine(_root.Path, "maillog");

    /// <summary>Writes the configuration, starts the instance and waits for its 220 greeting.</summary>
    public static async Task<PostfixInstance> StartAsync(int relayPort, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(PostfixCommand))
        {
            throw new InvalidOperationException($"{PostfixCommand} is missing: install the postfix package (eng/test.sh does this).");
        }

        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A private Postfix instance needs root (its master starts as root and drops to the postfix user).");
        }

        var instance = new PostfixInstance(TempDirectory.Create("mailgrid-postfix-"), FreeTcpPort.Next());
        try
        {
            instance.WriteConfiguration(relayPort);
            await RunPostfixAsync(instance.ConfigDirectory, "check", cancellationToken);
            await RunPostfixAsync(instance.ConfigDirectory, "start", cancellationToken);
            await instance.WaitForGreetingAsync(cancellationToken);
            return instance;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var log = instance.ReadMailLog();
            await instance.DisposeAsync();
            throw new InvalidOperationException($"The private Postfix instance did not start: {exception.Message}\nIts log:\n{log}", exception);
        }
    }

    /// <summary>Postfix's log so far ("" before the first line).</summary>
    public string ReadMailLog()
    {
        try
        {
            using var stream = new FileStream(MailLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }

    /// <summary>Polls the log until a line satisfies <paramref name="match"/>; returns that line.</summary>
    public async Task<string> WaitForLogLineAsync(Func<string, bool> match, TimeSpan timeout, string awaited)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var log = ReadMailLog();
            var line = log.Split('\n').FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {awaited} in Postfix's log:\n{log}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary><c>postfix stop</c>, then deletes the folders.</summary>
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(ConfigDirectory, "main.cf")))
        {
            try
            {
                await RunPostfixAsync(ConfigDirectory, "stop", CancellationToken.None);

                // "stop" signals the master; wait until it is gone before its folders are deleted.
                var deadline = Stopwatch.StartNew();
                while (deadline.Elapsed < ReadyTimeout && await IsRunningAsync())
                {
                    await Task.Delay(50);
                }
            }
            catch (InvalidOperationException)
            {
                // Not running (start failed); nothing to stop.
            }
        }

        _root.Dispose();
    }

    private async Task<bool> IsRunningAsync()
    {
        try
        {
            await RunPostfixAsync(ConfigDirectory, "status", CancellationToken.None);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void WriteConfiguration(int relayPort)
    {
        var queue = Path.Combine(_root.Path, "queue");
        var data = Path.Combine(_root.Path, "data");
        Directory.CreateDirectory(ConfigDirectory);
        Directory.CreateDirectory(queue);
        Directory.CreateDirectory(data);

        // The daemons run as the postfix user: they must reach the queue and own the data folder.
        RunChecked("chmod", "755", _root.Path);
        RunChecked("chown", "postfix", data);

        var port = Port.ToString(CultureInfo.InvariantCulture);
        var relay = relayPort.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(ConfigDirectory, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {queue}
            data_directory = {data}
            mail_owner = postfix
            setgid_group = postdrop
            syslog_name = postfix-mailgrid-test
            maillog_file = {MailLogPath}
            maillog_file_prefixes = {_root.Path}
            myhostname = postfix.test
            mydomain = postfix.test
            myorigin = $mydomain
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mydestination =
            mynetworks = 127.0.0.0/8
            smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
            local_recipient_maps =
            alias_maps =
            alias_database =
            relayhost = [127.0.0.1]:{relay}
            smtp_host_lookup = native
            smtp_tls_security_level = may
            smtp_tls_loglevel = 1
            minimal_backoff_time = 1s
            maximal_backoff_time = 2s
            queue_run_delay = 1s
            biff = no

            """);

        // Only what relaying needs; no chroot (the queue is in a temp folder) and no local delivery.
        File.WriteAllText(Path.Combine(ConfigDirectory, "master.cf"), $"""
            127.0.0.1:{port} inet n - n - - smtpd
            pickup     unix  n - n 60    1 pickup
            cleanup    unix  n - n -     0 cleanup
            qmgr       unix  n - n 300   1 qmgr
            tlsmgr     unix  - - n 1000? 1 tlsmgr
            rewrite    unix  - - n -     - trivial-rewrite
            bounce     unix  - - n -     0 bounce
            defer      unix  - - n -     0 bounce
            trace      unix  - - n -     0 bounce
            verify     unix  - - n -     1 verify
            flush      unix  n - n 1000? 0 flush
            proxymap   unix  - - n -     - proxymap
            proxywrite unix  - - n -     1 proxymap
            smtp       unix  - - n -     - smtp
            relay      unix  - - n -     - smtp
            showq      unix  n - n -     - showq
            error      unix  - - n -     - error
            retry      unix  - - n -     - error
            discard    unix  - - n -     - discard
            anvil      unix  - - n -     1 anvil
            scache     unix  - - n -     1 scache
            postlog    unix-dgram n - n - 1 postlogd

            """);
    }

    private async Task WaitForGreetingAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string last = "no answer";
        while (deadline.Elapsed < ReadyTimeout)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                var buffer = new byte[512];
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                last = Encoding.ASCII.GetString(buffer, 0, read);
                if (last.StartsWith("220 ", StringComparison.Ordinal))
                {
                    await socket.SendAsync("QUIT\r\n"u8.ToArray(), SocketFlags.None, cancellationToken);
                    return;
                }
            }
            catch (Exception exception) when (exception is SocketException or TimeoutException)
            {
                last = exception.Message;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"No 220 greeting on 127.0.0.1:{Port} within {ReadyTimeout.TotalSeconds} s (last: {last}).");
    }

    private static async Task RunPostfixAsync(string configDirectory, string command, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(PostfixCommand, ["-c", configDirectory, command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{PostfixCommand} did not start.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'postfix -c {configDirectory} {command}' exited with {process.ExitCode}: {await output}{await errors}");
        }
    }

    private static void RunChecked(string fileName, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { UseShellExecute = false, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{fileName} did not start.");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' exited with {process.ExitCode}: {errors}");
        }
    }
}
