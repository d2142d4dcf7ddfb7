namespace MailGrid.Net.Sasl;

/// <summary>A server challenge of the password mechanisms; each protocol frames it (SMTP <c>334 …</c>, IMAP/POP3 <c>+ …</c>).</summary>
public enum SaslChallenge
{
    /// <summary>The empty challenge that asks for the PLAIN response when the client sent no initial response.</summary>
    Empty,

    /// <summary>LOGIN's "Username:" (base64 <c>VXNlcm5hbWU6</c>).</summary>
    UserName,

    /// <summary>LOGIN's "Password:" (base64 <c>UGFzc3dvcmQ6</c>).</summary>
    Password,
}
