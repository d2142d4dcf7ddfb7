namespace MailGrid.Smtp.Session;

/// <summary>Replies of the extensions beyond RFC 5321: CHUNKING, BINARYMIME, SMTPUTF8, DSN.</summary>
internal static class EsmtpReplies
{
    public static readonly SmtpResponse BadBodyParameter = new(501, "5.5.4", "Error: BODY must be 7BIT, 8BITMIME or BINARYMIME");
    public static readonly SmtpResponse BadSmtpUtf8Parameter = new(501, "5.5.4", "Error: SMTPUTF8 takes no value");
    public static readonly SmtpResponse BadRetParameter = new(501, "5.5.4", "Error: RET must be FULL or HDRS");
    public static readonly SmtpResponse BadEnvidParameter = new(501, "5.5.4", "Error: bad ENVID parameter syntax");
    public static readonly SmtpResponse BadAuthParameter = new(501, "5.5.4", "Error: bad AUTH parameter syntax");
    public static readonly SmtpResponse BadNotifyParameter = new(501, "5.5.4", "Error: NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY");
    public static readonly SmtpResponse BadOrcptParameter = new(501, "5.5.4", "Error: bad ORCPT parameter syntax");

    // RFC 6531 3.7.4.1 names 553 5.6.7 for a non-ASCII address in a transaction without SMTPUTF8.
    public static readonly SmtpResponse Utf8AddressWithoutSmtpUtf8 = new(553, "5.6.7", "Error: non-ASCII addresses require SMTPUTF8");


    // RFC 3030 3: a BODY=BINARYMIME message cannot be sent with DATA (DATA after BDAT is in SmtpStateTable).
    public static readonly SmtpResponse BinaryMimeNeedsBdat = new(503, "5.5.1", "Error: BODY=BINARYMIME requires BDAT");

    public static SmtpResponse DuplicateParameter(string keyword) => new(501, "5.5.4", $"Error: duplicate parameter {keyword}");

    public static SmtpResponse ChunkReceived(long octets) => new(250, "2.0.0", $"{octets} octets received");
}
