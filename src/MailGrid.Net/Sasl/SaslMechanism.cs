namespace MailGrid.Net.Sasl;

/// <summary>The password mechanisms the servers offer.</summary>
public enum SaslMechanism
{
    /// <summary>PLAIN (RFC 4616): authzid, user and password in one response.</summary>
    Plain,

    /// <summary>LOGIN (draft-murchison-sasl-login): user name and password, one challenge each.</summary>
    Login,
}
