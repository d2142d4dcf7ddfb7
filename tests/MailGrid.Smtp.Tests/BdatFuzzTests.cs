using System.Text;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>Hostile BDAT streams: lying sizes, chunks cut short, commands inside chunks, resets. Nothing may escape a session.</summary>
public sealed class BdatFuzzTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    private static readonly string[] Commands =
    [
        "EHLO x\r\n", "MAIL FROM:<a@b.c> BODY=BINARYMIME\r\n", "MAIL FROM:<a@b.c> SMTPUTF8\r\n", "RCPT TO:<x@y.z> NOTIFY=NEVER\r\n",
        "RCPT TO:<\u00fc@y.z> ORCPT=utf-8;\\x{FC}@y.z\r\n", "DATA\r\n", "BDAT\r\n", "BDAT 0\r\n", "BDAT 0 LAST\r\n", "RSET\r\n", "QUIT\r\n",
        "MAIL FROM:<a@b.c> ENVID=+ZZ RET=X\r\n", "RCPT TO:<x@y.z> NOTIFY=NEVER,DELAY ORCPT=;\r\n",
    ];

    [Fact]
    public async Task Random_chunk_streams_never_break_the_server()
    {
        var random = new Random(20260302);
        for (var connection = 0; connection < 60; connection++)
        {
            var payload = new MemoryStream();
            for (var i = random.Next(1, 30); i > 0; i--)
            {
                if (random.Next(2) == 0)
                {
                    payload.Write(Encoding.UTF8.GetBytes(Commands[random.Next(Commands.Length)]));
                    continue;
                }

                // A chunk whose announced size may be larger or smaller than what follows.
                var data = new byte[random.Next(0, 3000)];
                random.NextBytes(data);
                var announced = random.Next(3) == 0 ? random.Next(0, 6000) : data.Length;
                payload.Write(Encoding.ASCII.GetBytes($"BDAT {announced}{(random.Next(3) == 0 ? " LAST" : "")}\r\n"));
                payload.Write(data);
            }

            await HostileConnection.SendAsync(server.Port, payload.ToArray(), random);
        }

        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<after-fuzz@example.com>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<after-fuzz@example.com>"));
        await client.SendAsync("BDAT 2 LAST\r\nok");
        Assert.StartsWith("250 2.0.0 Ok: queued as ", (await client.ReadReplyAsync())[0], StringComparison.Ordinal);
        Assert.Empty(server.Logs.Errors);
    }
}
