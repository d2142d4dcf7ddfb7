namespace MailGrid.Net.Sasl;

/// <summary>The base64 text of each <see cref="SaslChallenge"/>.</summary>
public static class SaslChallenges
{
    public static string Base64Of(SaslChallenge challenge) => challenge switch
    {
        SaslChallenge.UserName => "VXNlcm5hbWU6",
        SaslChallenge.Password => "UGFzc3dvcmQ6",
        _ => "",
    };
}
