using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MailGrid.EndToEnd.Tests;

/// <summary><c>/api/accounts</c> with passwords: hashed on the way in, never returned, never stored or logged in clear.</summary>
[Collection(ClientsCollection.Name)]
public sealed class AccountApiTests(AllInOneFixture fixture)
{
    private AllInOneServer Server => fixture.Server;

    [Fact]
    public async Task PasswordIsAcceptedShownOnlyAsHasPasswordAndKeptUntilCleared()
    {
        var address = $"erin{Guid.NewGuid().ToString("N")[..8]}@example.test";
        var password = $"clear-{Guid.NewGuid():N}";

        var created = await PutAsync(address, new { aliases = new[] { $"e.{address}" }, password });
        Assert.Equal($$"""{"address":"{{address}}","aliases":["e.{{address}}"],"hasPassword":true}""", created.GetRawText());

        // Alias changes without a password keep the current one.
        var updated = await PutAsync(address, new { aliases = Array.Empty<string>() });
        Assert.True(updated.GetProperty("hasPassword").GetBoolean());

        var listed = await Server.GetJsonAsync("api/accounts");
        var mine = listed.EnumerateArray().Single(a => a.GetProperty("address").GetString() == address);
        Assert.Equal($$"""{"address":"{{address}}","aliases":[],"hasPassword":true}""", mine.GetRawText());
        Assert.True(listed.EnumerateArray().Single(a => a.GetProperty("address").GetString() == "alice@example.test").GetProperty("hasPassword").GetBoolean());
        Assert.False(listed.EnumerateArray().Single(a => a.GetProperty("address").GetString() == "bob@example.test").GetProperty("hasPassword").GetBoolean());
        Assert.DoesNotContain("pbkdf2", listed.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // Neither the data folder (SQLite grain state, WAL) nor the log holds the password in clear.
        Assert.DoesNotContain(password, Server.Process!.Log.ToString(), StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Server.Data.Path, "*", SearchOption.AllDirectories))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.False(Contains(bytes, password), $"{file} holds the clear password");
        }

        var cleared = await PutAsync(address, new { password = "" });
        Assert.False(cleared.GetProperty("hasPassword").GetBoolean());
    }

    [Fact]
    public async Task InvalidAddressWithAPasswordIsABadRequest()
    {
        using var response = await Server.Http.PutAsJsonAsync(new Uri("api/accounts/not-an-address", UriKind.Relative), new { password = "secret" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<JsonElement> PutAsync(string address, object body)
    {
        using var response = await Server.Http.PutAsJsonAsync(new Uri($"api/accounts/{address}", UriKind.Relative), body);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, string needle)
        => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
