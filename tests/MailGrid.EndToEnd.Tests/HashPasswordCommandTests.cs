using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary><c>MailGrid.Server hash-password</c>: the way to make a PasswordHash for the accounts configuration.</summary>
public sealed partial class HashPasswordCommandTests
{
    [Fact]
    public async Task HashOfThePasswordOnStdinIsPrintedAndIsStandardPbkdf2()
    {
        const string password = "tr0ub4dor & 3 ünïcode";

        var result = await ExternalTool.RunAsync("/usr/bin/env", ["dotnet", HostAssemblies.Server, "hash-password"], password + "\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        var match = HashFormat().Match(result.Output.TrimEnd('\n'));
        Assert.True(match.Success, result.ToString());

        // Recomputed here with the BCL's PBKDF2: the format is plain PBKDF2-HMAC-SHA256, no private twist.
        var salt = Convert.FromBase64String(match.Groups["salt"].Value + "==");
        var expected = Convert.FromBase64String(match.Groups["hash"].Value + "=");
        Assert.Equal(16, salt.Length);
        Assert.Equal(expected, Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, 210_000, HashAlgorithmName.SHA256, 32));
    }

    [Fact]
    public async Task EmptyStdinIsAnErrorAndPrintsNoHash()
    {
        var result = await ExternalTool.RunAsync("/usr/bin/env", ["dotnet", HostAssemblies.Server, "hash-password"], "");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("no password on stdin", result.Errors, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\$pbkdf2-sha256\$i=210000\$(?<salt>[A-Za-z0-9+/]{22})\$(?<hash>[A-Za-z0-9+/]{43})$")]
    private static partial Regex HashFormat();
}
