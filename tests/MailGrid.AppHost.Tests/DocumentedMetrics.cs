using System.Text.RegularExpressions;

namespace MailGrid.AppHost.Tests;

/// <summary>
/// The instruments listed in docs/telemetry.md, with the names and labels they get in Prometheus after the
/// OTLP conversion: dots become underscores, the unit is appended (<c>s</c> → <c>_seconds</c>,
/// <c>By</c> → <c>_bytes</c>, annotations like <c>{message}</c> are dropped), counters end in <c>_total</c>,
/// histograms have <c>_bucket</c>/<c>_sum</c>/<c>_count</c>.
/// </summary>
internal sealed partial class DocumentedMetrics
{
    private DocumentedMetrics(IReadOnlyDictionary<string, string> prometheusNames, IReadOnlySet<string> labels)
    {
        PrometheusNames = prometheusNames;
        Labels = labels;
    }

    /// <summary>Prometheus base name (no _total/_bucket) to the instrument name.</summary>
    public IReadOnlyDictionary<string, string> PrometheusNames { get; }

    /// <summary>Every documented tag as a Prometheus label (dots become underscores).</summary>
    public IReadOnlySet<string> Labels { get; }

    public static DocumentedMetrics Load(string markdownPath)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var rows = File.ReadLines(markdownPath)
            .Select(line => MetricRow().Match(line))
            .Where(match => match.Success)
            .Select(match => (Instrument: match.Groups["instrument"].Value, Unit: match.Groups["unit"].Value,
                Tags: BacktickedName().Matches(match.Groups["tags"].Value).Select(m => m.Groups[1].Value).ToArray()));
        foreach (var (instrument, unit, tags) in rows)
        {
            names[PrometheusName(instrument, unit)] = instrument;
            labels.UnionWith(tags.Select(tag => tag.Replace('.', '_')));
        }

        return new DocumentedMetrics(names, labels);
    }

    private static string PrometheusName(string instrument, string unit) => instrument.Replace('.', '_') + unit switch
    {
        "s" => "_seconds",
        "By" => "_bytes",
        _ => "",
    };

    // | `MailGrid.Smtp` | `mailgrid.smtp.connections` | `{connection}` | tags |
    [GeneratedRegex(@"^\|\s*`MailGrid\.[A-Za-z]+`\s*\|\s*`(?<instrument>mailgrid\.[a-z0-9_.]+)`\s*\|\s*`(?<unit>[^`]+)`\s*\|(?<tags>.*)\|\s*$")]
    private static partial Regex MetricRow();

    // Tag names are lower-case dotted words; backticked values such as `TLSv1.2` or `PLAIN` are not.
    [GeneratedRegex(@"`([a-z][a-z_.]*)`")]
    private static partial Regex BacktickedName();
}
