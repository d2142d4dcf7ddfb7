namespace MailGrid.Submission;

/// <summary>Why <see cref="MessageSubmitter.ResolveRecipientAsync"/> refused a recipient; each front end words it its own way.</summary>
public enum RecipientRefusal
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>A local domain without such a user or alias (SMTP: <c>550 5.1.1</c>).</summary>
    UnknownLocalUser = 1,

    /// <summary>Another domain, and the submitter may not relay (SMTP: <c>550 5.7.1</c>).</summary>
    RelayDenied = 2,
}
