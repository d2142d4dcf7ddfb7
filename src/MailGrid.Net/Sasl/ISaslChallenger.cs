namespace MailGrid.Net.Sasl;

/// <summary>The protocol side of a password exchange: sends one challenge in its own framing and reads the answer.</summary>
public interface ISaslChallenger
{
    /// <summary>
    /// Sends <paramref name="challenge"/> (<see cref="SaslChallenges.Base64Of"/> gives its text) and reads the client's
    /// response line: <see cref="SaslResponse.FromLine"/>, or <see cref="SaslResponse.TooLong"/> /
    /// <see cref="SaslResponse.Disconnected"/>.
    /// </summary>
    ValueTask<SaslResponse> ChallengeAsync(SaslChallenge challenge);
}
