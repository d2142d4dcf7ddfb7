using MailGrid.Accounts;

namespace MailGrid.Grains.Tests.Accounts;

/// <summary>The PBKDF2-HMAC-SHA256 password hashes SMTP AUTH verifies.</summary>
public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_has_the_documented_format_and_verifies_only_its_password()
    {
        var hash = PasswordHasher.Hash("correct horse");

        var parts = hash.Split('$');
        Assert.Equal(["", "pbkdf2-sha256", "i=210000"], parts[..3]);
        Assert.Equal(16, Convert.FromBase64String(parts[3] + "==").Length);
        Assert.Equal(32, Convert.FromBase64String(parts[4] + "=").Length);
        Assert.True(PasswordHasher.Verify("correct horse", hash));
        Assert.False(PasswordHasher.Verify("correct horse ", hash));
        Assert.False(PasswordHasher.Verify("Correct horse", hash));
        Assert.False(PasswordHasher.Verify("", hash));
    }

    [Fact]
    public void Same_password_gets_a_new_salt_each_time()
    {
        var first = PasswordHasher.Hash("same", iterations: 10_000);
        var second = PasswordHasher.Hash("same", iterations: 10_000);

        Assert.NotEqual(first, second);
        Assert.True(PasswordHasher.Verify("same", first));
        Assert.True(PasswordHasher.Verify("same", second));
    }

    [Fact]
    public void Iteration_count_is_read_from_the_hash()
    {
        var hash = PasswordHasher.Hash("pässwörd ünicode", iterations: 12_345);

        Assert.Contains("$i=12345$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("pässwörd ünicode", hash));
        Assert.False(PasswordHasher.Verify("pässwörd ünicode", hash.Replace("$i=12345$", "$i=12346$", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain-password")]
    [InlineData("$pbkdf2-sha256$i=210000$c2FsdHNhbHRzYWx0c2FsdA")]
    [InlineData("$scrypt$i=210000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$pbkdf2-sha256$i=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$pbkdf2-sha256$i=99999999999$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$pbkdf2-sha256$210000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$pbkdf2-sha256$i=210000$not base64!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    public void Malformed_or_unknown_hashes_are_not_well_formed_and_never_verify(string? encoded)
    {
        Assert.False(PasswordHasher.IsWellFormed(encoded));
        Assert.False(PasswordHasher.Verify("plain-password", encoded));
    }

    [Fact]
    public void Well_formed_hash_of_another_kdf_parameter_set_is_accepted()
    {
        Assert.True(PasswordHasher.IsWellFormed("$pbkdf2-sha256$i=210000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"));
    }
}
