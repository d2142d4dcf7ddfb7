using System.Text;
using MailGrid.Smtp.Session;

namespace MailGrid.Smtp.Tests;

/// <summary>The streaming Date/Message-ID inserter for submitted mail, fed in every split.</summary>
public sealed class MissingHeaderInserterTests
{
    private const string Date = "Sun, 01 Mar 2026 12:30:05 +0000";
    private const string Id = "<Q1@mx.test.mailgrid>";
    private const string Added = $"Date: {Date}\r\nMessage-ID: {Id}\r\n";

    [Theory]
    [InlineData("Subject: s\r\n\r\nbody\r\n", $"Subject: s\r\n{Added}\r\nbody\r\n")]
    [InlineData("Subject: s\r\nDATE: x\r\n\r\nbody\r\n", $"Subject: s\r\nDATE: x\r\nMessage-ID: {Id}\r\n\r\nbody\r\n")]
    [InlineData("message-id: <a@b>\r\nSubject: s\r\n\r\nDate: not a header\r\n", $"message-id: <a@b>\r\nSubject: s\r\nDate: {Date}\r\n\r\nDate: not a header\r\n")]
    [InlineData("Date : obsolete form\r\nMessage-Id:<a@b>\r\n\r\nb", "Date : obsolete form\r\nMessage-Id:<a@b>\r\n\r\nb")]
    [InlineData("Subject: folded\r\n Date: continuation\r\n\r\nb", $"Subject: folded\r\n Date: continuation\r\n{Added}\r\nb")]
    [InlineData("X-Very-Long-Field-Name-Date: 1\r\n\r\n", $"X-Very-Long-Field-Name-Date: 1\r\n{Added}\r\n")]
    [InlineData("Subject: no body\r\n", $"Subject: no body\r\n{Added}")]
    [InlineData("Subject: no line end", $"Subject: no line end\r\n{Added}")]
    [InlineData("Subject: bare LF\n\nbody\n", $"Subject: bare LF\n{Added}\nbody\n")]
    [InlineData("\r\nbody only\r\n", $"{Added}\r\nbody only\r\n")]
    [InlineData("", Added)]
    public async Task Missing_fields_go_before_the_blank_line_whatever_the_write_split(string input, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        for (var split = 0; split <= bytes.Length; split++)
        {
            Assert.Equal(expected, await RunAsync([bytes[..split], bytes[split..]]));
        }

        Assert.Equal(expected, await RunAsync(bytes.Select(b => new[] { b }).ToArray()));
    }

    [Fact]
    public async Task Inserted_bytes_are_counted()
    {
        using var output = new MemoryStream();
        var inserter = new MissingHeaderInserter(output, Id, Date);
        await inserter.WriteAsync("Subject: x\r\n\r\nbody"u8.ToArray());
        await inserter.CompleteAsync(CancellationToken.None);
        Assert.Equal(output.Length - "Subject: x\r\n\r\nbody".Length, inserter.InsertedBytes);
        Assert.Equal(Added.Length, inserter.InsertedBytes);
    }

    [Fact]
    public async Task A_header_block_past_the_inspection_cap_passes_unchanged()
    {
        var header = "X-Filler: " + new string('f', MissingHeaderInserter.MaxInspectedBytes) + "\r\n\r\nbody";
        Assert.Equal(header, await RunAsync([Encoding.ASCII.GetBytes(header)]));
    }

    [Fact]
    public void Applies_to_require_auth_listeners_and_authenticated_sessions_only()
    {
        var options = new SmtpServerOptions
        {
            Listeners = [new SmtpListenerOptions { Name = "mx" }, new SmtpListenerOptions { Name = "submission", RequireAuth = true }],
        };
        Assert.False(SubmissionHeaders.Apply(Session("mx"), options));
        Assert.True(SubmissionHeaders.Apply(Session("Submission"), options));
        var authenticated = Session("mx");
        authenticated.AuthenticatedUser = "alice@example.com";
        Assert.True(SubmissionHeaders.Apply(authenticated, options));
    }

    private static SmtpSessionInfo Session(string listener) => new()
    {
        SessionId = "s",
        RemoteEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1),
        LocalEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 2),
        ListenerName = listener,
        IsTrustedClient = false,
    };

    private static async Task<string> RunAsync(byte[][] writes)
    {
        using var output = new MemoryStream();
        var inserter = new MissingHeaderInserter(output, Id, Date);
        foreach (var write in writes)
        {
            await inserter.WriteAsync(write);
        }

        await inserter.CompleteAsync(CancellationToken.None);
        Assert.Equal(output.Length - writes.Sum(w => w.Length), inserter.InsertedBytes);
        return Encoding.ASCII.GetString(output.ToArray());
    }
}
