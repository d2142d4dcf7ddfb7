using System.Text.Json;

namespace MailGrid.EndToEnd.Tests;

/// <summary>A `helm template` rendering (JSON array of documents): the pieces a test needs to run its pods locally.</summary>
internal sealed class RenderedChart(JsonElement documents)
{
    public static RenderedChart Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        return new RenderedChart(json.RootElement.Clone());
    }

    /// <summary>The contents of appsettings.Production.json from the chart's ConfigMap.</summary>
    public string AppSettings()
        => Documents("ConfigMap")
            .Select(d => d.GetProperty("data"))
            .Single(data => data.TryGetProperty("appsettings.Production.json", out _))
            .GetProperty("appsettings.Production.json").GetString()!;

    /// <summary>
    /// The environment of the container of the <paramref name="kind"/> whose component label is <paramref name="component"/>;
    /// <paramref name="fieldRef"/> answers downward-API fields (status.podIP, metadata.name) as the kubelet would.
    /// </summary>
    public Dictionary<string, string> Environment(string kind, string component, Func<string, string> fieldRef)
    {
        var workload = Documents(kind).Single(d => d.GetProperty("metadata").GetProperty("labels").GetProperty("app.kubernetes.io/component").GetString() == component);
        var container = workload.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.GetProperty("env").EnumerateArray())
        {
            var name = variable.GetProperty("name").GetString()!;
            environment[name] = variable.TryGetProperty("value", out var value)
                ? value.GetString()!
                : variable.GetProperty("valueFrom").TryGetProperty("fieldRef", out var field)
                    ? fieldRef(field.GetProperty("fieldPath").GetString()!)
                    : throw new NotSupportedException($"{component}: {name} comes from a Secret; the smoke values use none.");
        }

        return environment;
    }

    private IEnumerable<JsonElement> Documents(string kind)
        => documents.EnumerateArray().Where(d => d.GetProperty("kind").GetString() == kind);
}
