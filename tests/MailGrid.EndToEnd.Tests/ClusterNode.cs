using System.Globalization;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>Settings shared by every process of a Redis-clustered MailGrid started by a test.</summary>
internal sealed class ClusterNode
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static Dictionary<string, string> Common(string redis, string blobRoot, int httpPort) => new()
    {
        ["ConnectionStrings__redis"] = redis,
        ["MailGrid__Storage__Blobs__RootPath"] = blobRoot,
        ["MailGrid__Http__Port"] = Invariant(httpPort),
        ["MailGrid__Cluster__ClusterId"] = "e2e",
        ["MailGrid__Cluster__ServiceId"] = "e2e",

        // One line per entry with the time: a failure message's log excerpt then shows a timeline.
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
    };

    /// <summary>
    /// A silo: the same directory and routes on every silo; fast failure detection so a kill -9 is noticed in seconds,
    /// and retry and suspension delays of a second or two so that no test waits out production backoff.
    /// </summary>
    public static Dictionary<string, string> Silo(string redis, string blobRoot, int httpPort, int sinkPort)
    {
        var environment = Common(redis, blobRoot, httpPort);
        environment["MailGrid__Cluster__SiloPort"] = Invariant(FreeTcpPort.Next());
        environment["MailGrid__Cluster__GatewayPort"] = Invariant(FreeTcpPort.Next());
        environment["MailGrid__Cluster__AdvertisedAddress"] = "127.0.0.1";
        environment["MailGrid__Cluster__Membership__ProbeTimeout"] = "00:00:01";
        environment["MailGrid__Cluster__Membership__NumMissedProbesLimit"] = "2";
        environment["MailGrid__Cluster__Membership__NumVotesForDeathDeclaration"] = "1";
        environment["MailGrid__Cluster__Membership__TableRefreshTimeout"] = "00:00:02";
        environment["MailGrid__Directory__LocalDomains__0__Name"] = "example.test";
        environment["MailGrid__Directory__Accounts__0__Address"] = "alice@example.test";
        environment["MailGrid__Routing__SmartHost"] = $"127.0.0.1:{Invariant(sinkPort)}";
        environment["MailGrid__Delivery__FirstRetryDelay"] = "00:00:00.200";
        environment["MailGrid__Delivery__MaxRetryDelay"] = "00:00:01";

        // As short as the retries: a test whose sink refused connections for a while must not then wait out the
        // production suspension (1 min, doubling while the probe still fails) once the sink accepts again.
        environment["MailGrid__Delivery__Limits__FirstSuspension"] = "00:00:01";
        environment["MailGrid__Delivery__Limits__MaxSuspension"] = "00:00:02";
        environment["MailGrid__Delivery__RecoveryScanInterval"] = "00:00:01";
        environment["MailGrid__Delivery__ConnectTimeout"] = "00:00:05";
        return environment;
    }

    public static Dictionary<string, string> Ingress(string redis, string blobRoot, int httpPort, int smtpPort)
    {
        var environment = Common(redis, blobRoot, httpPort);
        environment["MailGrid__Smtp__Listeners__0__Name"] = "mx";
        environment["MailGrid__Smtp__Listeners__0__Port"] = Invariant(smtpPort);
        environment["MailGrid__Cluster__Gateway__GatewayListRefreshPeriod"] = "00:00:01";
        environment["MailGrid__Handoff__AcceptTimeout"] = "00:00:10";
        return environment;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
