namespace MailGrid.AppHost;

/// <summary>
/// The local topology's switches and ports (configuration section <c>MailGrid:AppHost</c>: appsettings.json,
/// <c>MailGrid__AppHost__*</c> environment variables or <c>--MailGrid:AppHost:*=</c> arguments). The defaults
/// are fixed so a developer finds the cluster at the same ports every run; tests pass free ports instead.
/// </summary>
internal sealed class AppHostOptions
{
    public const string SectionName = "MailGrid:AppHost";

    /// <summary>
    /// Run Redis as a container (needs Docker or Podman). Default false: a local <c>redis-server</c>
    /// executable, which works on machines without a container engine.
    /// </summary>
    public bool UseRedisContainer { get; set; }

    /// <summary>Host port of Redis. Default 6380 (not 6379, so a system Redis is left alone).</summary>
    public int RedisPort { get; set; } = 6380;

    /// <summary>Folder for the silos' local data and the shared blob folder. Default <c>data/apphost</c> in the repository.</summary>
    public string? DataPath { get; set; }

    public SiloPorts Silo1 { get; set; } = new() { HttpPort = 8081, SiloPort = 11111, GatewayPort = 30000 };

    public SiloPorts Silo2 { get; set; } = new() { HttpPort = 8082, SiloPort = 11112, GatewayPort = 30001 };

    public IngressPorts Ingress1 { get; set; } = new() { HttpPort = 8083, MxPort = 2525, SubmissionPort = 5587, SubmissionsPort = 5465 };

    public IngressPorts Ingress2 { get; set; } = new() { HttpPort = 8084, MxPort = 2526, SubmissionPort = 5588, SubmissionsPort = 5466 };

    /// <summary>Every port of the topology, named, for the collision check.</summary>
    public IEnumerable<(string Name, int Port)> AllPorts()
    {
        yield return ("RedisPort", RedisPort);
        foreach (var (name, silo) in new[] { (nameof(Silo1), Silo1), (nameof(Silo2), Silo2) })
        {
            yield return ($"{name}:HttpPort", silo.HttpPort);
            yield return ($"{name}:SiloPort", silo.SiloPort);
            yield return ($"{name}:GatewayPort", silo.GatewayPort);
        }

        foreach (var (name, ingress) in new[] { (nameof(Ingress1), Ingress1), (nameof(Ingress2), Ingress2) })
        {
            yield return ($"{name}:HttpPort", ingress.HttpPort);
            yield return ($"{name}:MxPort", ingress.MxPort);
            yield return ($"{name}:SubmissionPort", ingress.SubmissionPort);
            yield return ($"{name}:SubmissionsPort", ingress.SubmissionsPort);
        }
    }

    /// <summary>Fails at start, naming the keys, when a port is out of range or used twice.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        foreach (var (name, port) in AllPorts())
        {
            if (port is < 1 or > 65535)
            {
                errors.Add($"{SectionName}:{name} = {port} is not a TCP port.");
            }
        }

        foreach (var clash in AllPorts().GroupBy(p => p.Port).Where(g => g.Count() > 1))
        {
            errors.Add($"Port {clash.Key} is used by {string.Join(" and ", clash.Select(p => $"{SectionName}:{p.Name}"))}.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }
    }
}
