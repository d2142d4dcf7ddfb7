using System.Globalization;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>A bad setting stops the real server before it serves anything, with a message naming the key.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("MailGrid:Api:Keys:0", "short-key")]
    [InlineData("MailGrid:Api:Keys:0", "a key of more than sixteen characters")]
    [InlineData("MailGrid:Delivery:Tls:Default", "7")]
    [InlineData("MailGrid:Delivery:Tls:Domains:mail@example.com", "Required")]
    public async Task BadSettingStopsTheServerAtStartNamingTheKey(string key, string value)
    {
        using var data = TempDirectory.Create("mailgrid-validation-");
        string[] arguments =
        [
            "dotnet", HostAssemblies.Server,
            $"--{key}={value}",
            $"--MailGrid:DataPath={data.Path}",
            $"--MailGrid:Http:Port={Port()}",
            "--MailGrid:Smtp:Listeners:0:Name=mx",
            $"--MailGrid:Smtp:Listeners:0:Port={Port()}",
            $"--MailGrid:Cluster:SiloPort={Port()}",
            $"--MailGrid:Cluster:GatewayPort={Port()}",
        ];

        var result = await ExternalTool.RunAsync("/usr/bin/env", arguments);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(key, result.Output + result.Errors, StringComparison.Ordinal);
        if (key.StartsWith("MailGrid:Api:Keys", StringComparison.Ordinal))
        {
            // An API key is a secret: the failure names it, never shows it.
            Assert.DoesNotContain(value, result.Output + result.Errors, StringComparison.Ordinal);
        }
    }

    private static string Port() => FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture);
}
