namespace MailGrid.Dsn;

/// <summary>
/// A parsed NOTIFY parameter (RFC 3461 §4.1). Absent means FAILURE,DELAY: the RFC leaves the default to the MTA,
/// and this is what Postfix and Sendmail do.
/// </summary>
public readonly record struct DsnNotify(bool Never, bool Success, bool Failure, bool Delay)
{
    public static DsnNotify Parse(string? notify)
    {
        if (string.IsNullOrWhiteSpace(notify))
        {
            return new DsnNotify(Never: false, Success: false, Failure: true, Delay: true);
        }

        var keywords = notify.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool Has(string keyword) => keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase);
        return Has("NEVER")
            ? new DsnNotify(Never: true, Success: false, Failure: false, Delay: false)
            : new DsnNotify(Never: false, Has("SUCCESS"), Has("FAILURE"), Has("DELAY"));
    }
}
