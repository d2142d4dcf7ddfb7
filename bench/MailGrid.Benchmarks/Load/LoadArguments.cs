using System.Globalization;

namespace MailGrid.Benchmarks.Load;

/// <summary>Options of the load clients, from <c>--name value</c> pairs.</summary>
internal sealed record LoadArguments
{
    public int Port { get; init; } = 2525;

    public int Sessions { get; init; } = 20;

    public int Messages { get; init; } = 1000;

    public int Size { get; init; } = 4096;

    public int Recipients { get; init; } = 1;

    public string To { get; init; } = "user@relay.bench";

    public int Count { get; init; } = 2000;

    public int HoldSeconds { get; init; } = 10;

    /// <summary>"reused" (every session keeps its connection) or "per-message" (a connection of its own for every message).</summary>
    public string Connections { get; init; } = "reused";

    public bool ConnectionPerMessage => Connections == "per-message";

    public static LoadArguments Parse(string[] args)
    {
        var result = new LoadArguments();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            result = args[i] switch
            {
                "--port" => result with { Port = Number(value) },
                "--sessions" => result with { Sessions = Number(value) },
                "--messages" => result with { Messages = Number(value) },
                "--size" => result with { Size = Number(value) },
                "--recipients" => result with { Recipients = Number(value) },
                "--to" => result with { To = value },
                "--count" => result with { Count = Number(value) },
                "--hold-seconds" => result with { HoldSeconds = Number(value) },
                "--connections" => result with
                {
                    Connections = value is "reused" or "per-message" ? value : throw new ArgumentException($"--connections takes reused or per-message, not '{value}'."),
                },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }

        return result;
    }

    private static int Number(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}
