using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace MailGrid.Net.Sasl;

/// <summary>One client response of a password exchange, decoded from base64, or why there is none.</summary>
public readonly struct SaslResponse
{
    private SaslResponse(SaslFailure failure, byte[] bytes)
    {
        Failure = failure;
        Bytes = bytes;
    }

    /// <summary>An empty response: the initial response <c>=</c> (RFC 4954 4, RFC 4959 3).</summary>
    public static SaslResponse Empty { get; } = new(SaslFailure.None, []);

    /// <summary>The response line was over the protocol's limit.</summary>
    public static SaslResponse TooLong { get; } = new(SaslFailure.LineTooLong, []);

    /// <summary>The client left instead of answering.</summary>
    public static SaslResponse Disconnected { get; } = new(SaslFailure.Disconnected, []);

    /// <summary><see cref="SaslFailure.None"/> when <see cref="Bytes"/> holds the decoded response.</summary>
    public SaslFailure Failure { get; }

    /// <summary>The decoded octets.</summary>
    public byte[] Bytes { get; }

    /// <summary>An initial response given with the command (<c>AUTH PLAIN dXNl…</c>): <c>=</c> is the empty one.</summary>
    public static SaslResponse FromInitial(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text == "=" ? Empty : Decode(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>A response line to a challenge: <c>*</c> cancels, anything else must be base64.</summary>
    public static SaslResponse FromLine(ReadOnlySpan<byte> line) =>
        line is [(byte)'*'] ? new(SaslFailure.Cancelled, []) : Decode(line);

    private static SaslResponse Decode(ReadOnlySpan<byte> base64)
    {
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        return Base64.DecodeFromUtf8(base64, decoded, out var consumed, out var written) == OperationStatus.Done && consumed == base64.Length
            ? new(SaslFailure.None, decoded[..written])
            : new(SaslFailure.BadBase64, []);
    }
}
