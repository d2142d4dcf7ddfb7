using System.Globalization;

namespace MailGrid.LoadGenerator;

/// <summary><c>--name value</c> pairs from the command line; a name may repeat (e.g. <c>--target</c>).</summary>
internal sealed class LoadArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public static LoadArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new LoadArguments();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value' at '{args[i]}'.");
            }

            var name = args[i][2..];
            if (!parsed._values.TryGetValue(name, out var list))
            {
                parsed._values[name] = list = [];
            }

            list.Add(args[i + 1]);
        }

        return parsed;
    }

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public string Text(string name, string? fallback = null)
        => _values.TryGetValue(name, out var list) ? list[^1] : fallback ?? throw new ArgumentException($"--{name} is required.");

    public int Number(string name, int fallback)
    {
        var value = _values.TryGetValue(name, out var list) ? int.Parse(list[^1], CultureInfo.InvariantCulture) : fallback;
        return value > 0 ? value : throw new ArgumentException($"--{name} must be positive.");
    }
}
