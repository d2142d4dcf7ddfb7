namespace MailGrid.Grains;

/// <summary>Names of the Orleans storage providers the grains use; hosts register them.</summary>
public static class MailGridStorageNames
{
    /// <summary>Grain state storage (local disk in embedded mode, Redis in cluster mode).</summary>
    public const string GrainState = "mailgrid";
}
