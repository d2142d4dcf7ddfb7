using System.Globalization;
using MailGrid.Testing;

namespace MailGrid.AppHost.Tests;

/// <summary>
/// Free ports for every listener of the AppHost's topology, passed as <c>--MailGrid:AppHost:*</c> arguments.
/// The AppHost's defaults are fixed ports; test assemblies run in parallel, so the test never uses them.
/// </summary>
internal sealed class AppHostArguments
{
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);

    public AppHostArguments(string dataPath)
    {
        DataPath = dataPath;
        foreach (var key in new[]
        {
            "RedisPort",
            "Silo1:HttpPort", "Silo1:SiloPort", "Silo1:GatewayPort",
            "Silo2:HttpPort", "Silo2:SiloPort", "Silo2:GatewayPort",
            "Ingress1:HttpPort", "Ingress1:MxPort", "Ingress1:SubmissionPort", "Ingress1:SubmissionsPort",
            "Ingress2:HttpPort", "Ingress2:MxPort", "Ingress2:SubmissionPort", "Ingress2:SubmissionsPort",
        })
        {
            _ports[key] = FreeTcpPort.Next();
        }
    }

    public string DataPath { get; }

    public int this[string key] => _ports[key];

    public string[] ToArgs() =>
    [
        "--MailGrid:AppHost:UseRedisContainer=false",
        $"--MailGrid:AppHost:DataPath={DataPath}",
        .. _ports.Select(p => $"--MailGrid:AppHost:{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}"),
    ];
}
