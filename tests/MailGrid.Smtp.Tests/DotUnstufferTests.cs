using System.Text;
using MailGrid.Smtp.Protocol;

namespace MailGrid.Smtp.Tests;

/// <summary>The unstuffing state machine must give the same bytes wherever the network splits the input.</summary>
public sealed class DotUnstufferTests
{
    [Theory]
    [InlineData(".\r\n", "")]
    [InlineData("a\r\n.\r\n", "a\r\n")]
    [InlineData("..\r\n.\r\n", ".\r\n")]
    [InlineData(".x\r\n..y\r\n.\r\n", "x\r\n.y\r\n")]
    [InlineData("a\n.\r\nb\r\n.\r\n", "a\r\n.\r\nb\r\n")]
    [InlineData("a\n..b\r\n.\r\n", "a\r\n..b\r\n")]
    [InlineData("a\r.\r\n.\r\n", "a\r.\r\n")]
    [InlineData(".\rz\r\n.\r\n", "\rz\r\n")]
    [InlineData("a\r\r\n.\r\n", "a\r\r\n")]
    public void Unstuffs_identically_at_every_split(string wire, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(wire + "TRAILING");
        for (var split = 0; split <= wire.Length; split++)
        {
            var unstuffer = new DotUnstuffer(0);
            var output = new List<byte>();
            var consumed = Feed(ref unstuffer, bytes.AsSpan(0, split), output);
            if (!unstuffer.Ended)
            {
                consumed += Feed(ref unstuffer, bytes.AsSpan(split), output);
            }

            Assert.True(unstuffer.Ended, $"no end found (split {split})");
            Assert.Equal(wire.Length, consumed);
            Assert.Equal(expected, Encoding.ASCII.GetString(output.ToArray()));
        }
    }

    [Fact]
    public void Flags_lines_over_the_limit()
    {
        var unstuffer = new DotUnstuffer(1000);
        Feed(ref unstuffer, Encoding.ASCII.GetBytes(new string('a', 998) + "\r\n" + ".\r\n"), []);
        Assert.False(unstuffer.LineTooLong);

        unstuffer = new DotUnstuffer(1000);
        Feed(ref unstuffer, Encoding.ASCII.GetBytes(new string('a', 999) + "\r\n" + ".\r\n"), []);
        Assert.True(unstuffer.LineTooLong);
    }

    private static int Feed(ref DotUnstuffer unstuffer, ReadOnlySpan<byte> input, List<byte> output)
    {
        var buffer = new byte[input.Length + 1];
        var consumed = unstuffer.Unstuff(input, buffer, out var written);
        output.AddRange(buffer.AsSpan(0, written));
        return consumed;
    }
}
