using System.Text;
using MimeKit;

namespace MailGrid.Dsn;

/// <summary>
/// The machine-readable part of a DSN: <c>message/delivery-status</c> (RFC 3464) or, internationalized,
/// <c>message/global-delivery-status</c> (RFC 6533), one field group per message and per recipient.
/// MimeKit would turn a non-ASCII value into an RFC 2047 encoded-word, which no DSN field may hold: in an
/// internationalized part such a value is written as raw UTF-8, in a 7-bit one its non-ASCII characters are
/// escaped (<see cref="DsnAddress.Escape"/>). ASCII values are written as MimeKit always wrote them.
/// </summary>
internal sealed class DsnStatusPart(bool international)
{
    private readonly List<HeaderList> _groups = [];

    /// <summary>Adds a field group; null values are left out.</summary>
    public void AddGroup(params (string Field, string? Value)[] fields)
    {
        var group = new HeaderList();
        foreach (var (field, value) in fields)
        {
            if (value is null)
            {
                continue;
            }

            if (Ascii.IsValid(value))
            {
                group.Add(field, value);
            }
            else if (international)
            {
                var header = new Header(field, string.Empty);
                header.SetRawValue(Encoding.UTF8.GetBytes($" {value}\r\n"));
                group.Add(header);
            }
            else
            {
                group.Add(field, DsnAddress.Escape(value));
            }
        }

        _groups.Add(group);
    }

    public MessageDeliveryStatus Build()
    {
        var part = new MessageDeliveryStatus();
        foreach (var group in _groups)
        {
            part.StatusGroups.Add(group);
        }

        if (international)
        {
            part.ContentType.MediaSubtype = "global-delivery-status";
            // UTF-8 travels as is (RFC 6533); the label also makes the transfer to the next hop ask for 8BITMIME.
            part.ContentTransferEncoding = ContentEncoding.EightBit;
        }

        return part;
    }
}
