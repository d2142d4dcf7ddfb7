using System.Text;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>Hostile SASL exchanges inside TLS: broken base64, NULs, overlong responses, cut connections.</summary>
public sealed class AuthFuzzTests(SecureSmtpServerFixture server) : IClassFixture<SecureSmtpServerFixture>
{
    private static readonly string[] Fragments =
    [
        "AUTH PLAIN\r\n", "AUTH LOGIN\r\n", "AUTH PLAIN =\r\n", "AUTH LOGIN =\r\n", "*\r\n", "=\r\n", "AAAA\r\n", "AA=A\r\n", "!!!!\r\n",
        "AUTH PLAIN AGFsaWNlAA==\r\n", "AUTH X\r\n", "AUTH\r\n", "\0\r\n", "AUTH PLAIN " + new string('Q', 13000) + "\r\n",
        "MAIL FROM:<a@b.c>\r\n", "STARTTLS\r\n", "EHLO x\r\n", "\r\n",
    ];

    [Fact]
    public async Task Garbage_in_auth_exchanges_never_breaks_a_session()
    {
        var random = new Random(20261129);
        for (var connection = 0; connection < 25; connection++)
        {
            var (client, _) = await SecureSmtpServerFixture.ConnectWithStartTlsAsync(server.Mx);
            await using (client)
            {
                var payload = new StringBuilder();
                for (var i = random.Next(1, 25); i > 0; i--)
                {
                    payload.Append(random.Next(4) == 0 ? Convert.ToBase64String(RandomBytes(random)) + "\r\n" : Fragments[random.Next(Fragments.Length)]);
                }

                try
                {
                    await client.SendAsync(payload.ToString());
                }
                catch (IOException)
                {
                    // The server may have closed already (too many errors): a fine outcome.
                }
            }
        }

        var (after, ehlo) = await SecureSmtpServerFixture.ConnectWithStartTlsAsync(server.Mx);
        await using (after)
        {
            Assert.Contains("250-AUTH PLAIN LOGIN", ehlo);
            Assert.Equal("235 2.7.0 Authentication successful", await after.CommandAsync($"AUTH PLAIN {SecureSmtpServerFixture.PlainResponse("alice", "secret")}"));
        }

        Assert.Empty(server.Host.Logs.Errors);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        return bytes;
    }
}
