using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MailGrid.Accounts;

/// <summary>
/// Password hashes for SMTP AUTH accounts, as self-describing strings in a PHC-like format:
/// <c>$pbkdf2-sha256$i=210000$&lt;salt&gt;$&lt;hash&gt;</c> (base64 without padding). The leading algorithm
/// name leaves room for other KDFs later; <see cref="Verify"/> refuses what it does not know.
/// </summary>
public static class PasswordHasher
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations of new hashes: OWASP's 2023 recommendation.</summary>
    public const int DefaultIterations = 210_000;

    private const string Pbkdf2Sha256 = "pbkdf2-sha256";
    private const int SaltSize = 16;
    private const int HashSize = 32;

    // Bounds on what a stored hash may ask for, so a hand-edited hash cannot make a login cost minutes.
    private const int MinIterations = 10_000;
    private const int MaxIterations = 10_000_000;

    /// <summary>A new hash of <paramref name="password"/> with a random salt.</summary>
    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashSize);
        return $"${Pbkdf2Sha256}$i={iterations.ToString(CultureInfo.InvariantCulture)}${Encode(salt)}${Encode(hash)}";
    }

    /// <summary>True when <paramref name="encoded"/> is a hash this class can verify (and so not, by mistake, a plain password).</summary>
    public static bool IsWellFormed(string? encoded) => TryParse(encoded, out _, out _, out _);

    /// <summary>Checks <paramref name="password"/> against <paramref name="encoded"/> in constant time; false for a malformed hash.</summary>
    public static bool Verify(string password, string? encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(encoded, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];

        // "", "pbkdf2-sha256", "i=N", salt, hash
        var parts = encoded?.Split('$');
        if (parts is not ["", Pbkdf2Sha256, var cost, var saltText, var hashText]
            || !cost.StartsWith("i=", StringComparison.Ordinal)
            || !int.TryParse(cost.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations is < MinIterations or > MaxIterations
            || !TryDecode(saltText, out salt) || salt.Length < 8
            || !TryDecode(hashText, out hash) || hash.Length < 16)
        {
            return false;
        }

        return true;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        bytes = new byte[padded.Length];
        if (text.Length == 0 || !Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = [];
            return false;
        }

        bytes = bytes[..written];
        return true;
    }
}
