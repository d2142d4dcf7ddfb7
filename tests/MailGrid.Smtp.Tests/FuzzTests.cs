using System.Text;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>Hostile input: random bytes, command fragments, abrupt resets. Nothing may escape a session.</summary>
public sealed class FuzzTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    private static readonly string[] Fragments =
    [
        "EHLO x\r\n", "HELO \r\n", "MAIL FROM:<a@b.c>\r\n", "MAIL FROM:<\r\n", "RCPT TO:<x@y.z>\r\n", "RCPT TO:<@a,@b:c@d>\r\n",
        "DATA\r\n", ".\r\n", "\r\n.\r\n", "BDAT 10 LAST\r\n", "RSET\r\n", "\r\n", "\n", "\r", ".", "\0", "MAIL FROM:<> SIZE=99999999999999999999999\r\n",
        "RCPT TO:<\"\\\r\n", "MAIL FROM:<a@[\r\n", "AUTH PLAIN AAAA\r\n", "STARTTLS\r\n", "QUIT\r\n",
    ];

    [Fact]
    public async Task Random_and_hostile_bytes_never_break_the_server()
    {
        var random = new Random(20260301);
        for (var connection = 0; connection < 80; connection++)
        {
            var payload = new MemoryStream();
            var pieces = random.Next(1, 40);
            for (var i = 0; i < pieces; i++)
            {
                if (random.Next(3) == 0)
                {
                    var junk = new byte[random.Next(0, random.Next(2) == 0 ? 64 : 5000)];
                    random.NextBytes(junk);
                    payload.Write(junk);
                }
                else
                {
                    payload.Write(Encoding.ASCII.GetBytes(Fragments[random.Next(Fragments.Length)]));
                }
            }

            await HostileConnection.SendAsync(server.Port, payload.ToArray(), random);
        }

        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<after-fuzz@example.com>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<after-fuzz@example.com>"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
        Assert.StartsWith("250 2.0.0 Ok", await client.CommandAsync("Subject: still here\r\n\r\nok\r\n."), StringComparison.Ordinal);
        Assert.Empty(server.Logs.Errors);
    }
}
