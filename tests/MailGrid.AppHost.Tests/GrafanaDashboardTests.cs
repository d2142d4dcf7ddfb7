using System.Text.Json;
using System.Text.RegularExpressions;

namespace MailGrid.AppHost.Tests;

/// <summary>deploy/grafana/mailgrid-dashboard.json parses and queries only metrics and labels MailGrid documents.</summary>
public sealed partial class GrafanaDashboardTests
{
    // Labels Prometheus adds itself: the OTLP service name, and the histogram bucket bound.
    private static readonly string[] PrometheusLabels = ["job", "le"];

    private static readonly string[] RequiredInstruments =
    [
        "mailgrid.smtp.messages.accepted",
        "mailgrid.delivery.recipients",
        "mailgrid.delivery.latency",
        "mailgrid.smtp.connections",
        "mailgrid.smtp.sessions.active",
        "mailgrid.queue.depth",
    ];

    private readonly DocumentedMetrics _metrics = DocumentedMetrics.Load(RepositoryFiles.PathOf("docs/telemetry.md"));

    [Fact]
    public void EveryPanelQueriesDocumentedMetricsWithDocumentedLabels()
    {
        var panels = LoadPanels();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            var expressions = panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString() ?? "").ToList();
            Assert.True(expressions.Count > 0, $"panel '{title}' has no query");
            foreach (var expression in expressions)
            {
                var metrics = MetricName().Matches(expression).Select(m => m.Value).ToList();
                Assert.True(metrics.Count > 0, $"panel '{title}': '{expression}' queries no MailGrid metric");
                foreach (var metric in metrics)
                {
                    var baseName = PrometheusSuffix().Replace(metric, "");
                    Assert.True(_metrics.PrometheusNames.TryGetValue(baseName, out var instrument),
                        $"panel '{title}': {metric} is not the Prometheus name of an instrument in docs/telemetry.md");
                    used.Add(instrument);
                }

                foreach (var label in LabelsIn(expression))
                {
                    Assert.True(_metrics.Labels.Contains(label) || PrometheusLabels.Contains(label),
                        $"panel '{title}': label '{label}' in '{expression}' is not a documented tag");
                }
            }
        }

        Assert.Empty(RequiredInstruments.Except(used));
    }

    [Fact]
    public void PanelsHaveUniqueIdsAndFitTheGrid()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("deploy/grafana/mailgrid-dashboard.json")));
        var all = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var ids = all.Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(all, p =>
        {
            var grid = p.GetProperty("gridPos");
            Assert.InRange(grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32(), 1, 24);
        });
        Assert.Equal("mailgrid-overview", dashboard.RootElement.GetProperty("uid").GetString());
    }

    private static List<JsonElement> LoadPanels()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("deploy/grafana/mailgrid-dashboard.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").Select(p => p.Clone())];
    }

    /// <summary>Label names in <c>by (a, b)</c> clauses and in <c>{a="x", b=~"y"}</c> matchers.</summary>
    private static IEnumerable<string> LabelsIn(string expression)
        => GroupingClause().Matches(expression).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Concat(LabelMatcher().Matches(expression).Select(m => m.Groups[1].Value));

    [GeneratedRegex(@"\bmailgrid_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"_(total|bucket|sum|count)$")]
    private static partial Regex PrometheusSuffix();

    [GeneratedRegex(@"\bby \(([^)]*)\)")]
    private static partial Regex GroupingClause();

    [GeneratedRegex(@"([a-z_]+)\s*(=~|!~|!=|=)\s*""")]
    private static partial Regex LabelMatcher();
}
