using System.Globalization;

namespace MailGrid.QueueLoader;

/// <summary>Command line of the loader: <c>--data PATH --count N [--domain D] [--concurrency C]</c>.</summary>
internal sealed record LoaderArguments(string DataPath, long Count, string Domain, int Concurrency, int BodySize)
{
    public static LoaderArguments Parse(string[] args)
    {
        string? data = null;
        long count = -1;
        var domain = "held.bench";
        var concurrency = 2048;
        var bodySize = 4096;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--data": data = value; break;
                case "--count": count = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "--domain": domain = value.ToLowerInvariant(); break;
                case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--body-size": bodySize = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (data is null || count < 0 || concurrency < 1 || bodySize < 1)
        {
            throw new ArgumentException("Usage: --data PATH --count N [--domain held.bench] [--concurrency 2048] [--body-size 4096]");
        }

        return new LoaderArguments(data, count, domain, concurrency, bodySize);
    }
}
