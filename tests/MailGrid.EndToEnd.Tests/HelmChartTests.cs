using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// The Helm chart: <c>eng/check-helm.sh</c> passes (lint, render, Kubernetes schemas, bad values rejected, Dockerfile),
/// and the configuration the chart renders for its pods runs the real silo and ingress processes.
/// </summary>
public sealed partial class HelmChartTests(HelmCheckRun checks) : IClassFixture<HelmCheckRun>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void ChartLintsRendersValidManifestsAndRejectsBadValues()
    {
        var output = checks.Output;
        var badValuesFiles = Directory.GetFiles(Path.Combine(HostAssemblies.RepositoryRoot, "deploy", "helm", "tests", "bad-values"), "*.yaml");

        Assert.True(checks.ExitCode == 0, $"eng/check-helm.sh exited with {checks.ExitCode}:\n{output}");
        var summary = SummaryLine().Match(output);
        Assert.True(summary.Success, $"no summary line in:\n{output}");
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.Contains("ok   manifests valid (default values)", output, StringComparison.Ordinal);
        Assert.Contains("ok   manifests valid (ci/production-values.yaml)", output, StringComparison.Ordinal);
        Assert.NotEmpty(badValuesFiles);
        foreach (var file in badValuesFiles)
        {
            Assert.Contains($"ok   rejects {Path.GetFileName(file)}", output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The silo and ingress get exactly the environment and appsettings.Production.json their pods would get; only
    /// what differs between a pod network and one loopback machine is replaced (ports, the Redis address, the blob
    /// folder), and each replaced key must be one the chart sets. The domain, account and alias exist only in the
    /// chart's appsettings, so a mail to the alias landing in the account's mailbox shows the pods read it.
    /// </summary>
    [Fact]
    public async Task RenderedPodConfigurationRunsTheRealSiloAndIngress()
    {
        Assert.True(checks.ExitCode == 0, $"eng/check-helm.sh exited with {checks.ExitCode}:\n{checks.Output}");
        var chart = RenderedChart.Load(HelmCheckRun.SmokeRenderingPath);
        await using var redis = await RedisServer.StartAsync();
        using var blobs = TempDirectory.Create("mailgrid-blobs-");

        var siloHttp = FreeTcpPort.Next();
        var silo = chart.Environment("StatefulSet", "silo", PodField("silo-0"));
        Assert.Equal("127.0.0.1", silo["MailGrid__Cluster__AdvertisedAddress"]);
        Replace(silo, "ConnectionStrings__redis", redis.ConnectionString);
        Replace(silo, "MailGrid__Storage__Blobs__RootPath", blobs.Path);
        Replace(silo, "MailGrid__Http__Port", Invariant(siloHttp));
        Replace(silo, "MailGrid__Cluster__SiloPort", Invariant(FreeTcpPort.Next()));
        Replace(silo, "MailGrid__Cluster__GatewayPort", Invariant(FreeTcpPort.Next()));

        var ingressHttp = FreeTcpPort.Next();
        var ingress = chart.Environment("Deployment", "ingress", PodField("ingress-0"));
        Replace(ingress, "ConnectionStrings__redis", redis.ConnectionString);
        Replace(ingress, "MailGrid__Storage__Blobs__RootPath", blobs.Path);
        Replace(ingress, "MailGrid__Http__Port", Invariant(ingressHttp));
        var listeners = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; ingress.ContainsKey($"MailGrid__Smtp__Listeners__{i}__Name"); i++)
        {
            listeners[ingress[$"MailGrid__Smtp__Listeners__{i}__Name"]] = FreeTcpPort.Next();
            Replace(ingress, $"MailGrid__Smtp__Listeners__{i}__Port", Invariant(listeners[ingress[$"MailGrid__Smtp__Listeners__{i}__Name"]]));
        }

        Assert.Equal(["mx", "submission", "submissions"], listeners.Keys.Order(StringComparer.Ordinal));

        using var siloPod = PodDirectory(chart);
        using var ingressPod = PodDirectory(chart);
        await using var siloProcess = MailGridProcess.Start(HostAssemblies.Silo, silo, siloPod.Path);
        await siloProcess.WaitForHealthyAsync(siloHttp, ClusterNode.StartTimeout);
        await using var ingressProcess = MailGridProcess.Start(HostAssemblies.Ingress, ingress, ingressPod.Path);
        await ingressProcess.WaitForHealthyAsync(ingressHttp, ClusterNode.StartTimeout);

        foreach (var (name, port) in listeners)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            Assert.True(socket.Connected, $"listener {name} on port {port}");
        }

        var message = MessageBytes.NewMessage("sender@client.test", "postmaster@example.test", "first mail", "through the chart's configuration");
        var reply = await SmtpTestClient.SendWithRetryAsync(listeners["mx"], message, Deadline);
        var id = QueuedAs.Id(reply);

        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Invariant(siloHttp)}/"), Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.ValueAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>(new Uri("api/mailboxes/alice@example.test/messages", UriKind.Relative)))
                .GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()).ToList(),
            ids => ids.Contains(id),
            Deadline,
            $"message {id} (sent to the alias postmaster@example.test) in alice's mailbox; silo log:\n{siloProcess.Log.Tail(30)}");
    }

    /// <summary>A pod's working directory: the content root holding the chart's appsettings.Production.json.</summary>
    private static TempDirectory PodDirectory(RenderedChart chart)
    {
        var directory = TempDirectory.Create("mailgrid-pod-");
        File.WriteAllText(Path.Combine(directory.Path, "appsettings.Production.json"), chart.AppSettings());
        return directory;
    }

    private static Func<string, string> PodField(string podName) => field => field switch
    {
        "status.podIP" => "127.0.0.1",
        "metadata.name" => podName,
        "metadata.namespace" => "mail",
        _ => throw new NotSupportedException($"downward API field {field}"),
    };

    private static void Replace(Dictionary<string, string> environment, string key, string value)
    {
        Assert.True(environment.ContainsKey(key), $"the chart does not set {key}");
        environment[key] = value;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^helm checks: (?<passed>\d+) passed, (?<failed>\d+) failed$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
