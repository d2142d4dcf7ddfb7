namespace MailGrid.Storage;

/// <summary>
/// Storage could not be reached or did not confirm durability. Callers on the SMTP path answer
/// <c>451 4.3.0</c> on this, never <c>250</c>.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
