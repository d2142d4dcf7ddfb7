using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MailGrid.Storage.Redis;

/// <summary>
/// The key layout. Keys of one mailbox or one domain queue share a hash tag (<c>{name}</c>), so the
/// scripts that touch them stay within one slot. The queue registry set, the index of final records and the
/// per-message mailbox reference counters are global; the scripts that update them together with a mailbox, a queue
/// or a record assume a single Redis primary (not Redis Cluster).
/// </summary>
public sealed class RedisKeys
{
    private readonly string prefix;

    public RedisKeys(IOptions<RedisStorageOptions> options) => prefix = options.Value.KeyPrefix;

    /// <summary>String: the message record JSON.</summary>
    public RedisKey Message(string messageId) => $"{prefix}msg:{messageId}";

    /// <summary>Sorted set: ids of records whose every recipient is final, scored by when the last became final (Unix ms).</summary>
    public RedisKey FinalMessages() => $"{prefix}msgs:final";

    /// <summary>String counter: mailbox entries of the message (in any mailbox) that share its body; absent at zero.</summary>
    public RedisKey MessageMailboxEntries(string messageId) => $"{prefix}mref:{messageId}";

    /// <summary>String counter: the last UID given out in the mailbox (never decremented).</summary>
    public RedisKey MailboxLastUid(string mailbox) => $"{prefix}mbx:{{{mailbox}}}:uid";

    /// <summary>Hash: UID → entry JSON.</summary>
    public RedisKey MailboxEntries(string mailbox) => $"{prefix}mbx:{{{mailbox}}}:entries";

    /// <summary>Sorted set: UIDs scored by UID, for ordered listing.</summary>
    public RedisKey MailboxUids(string mailbox) => $"{prefix}mbx:{{{mailbox}}}:uids";

    /// <summary>Hash: message id → the UID the mailbox holds it under (appends of a message already there are no-ops).</summary>
    public RedisKey MailboxMessages(string mailbox) => $"{prefix}mbx:{{{mailbox}}}:messages";

    /// <summary>Hash: message id → queue entry JSON.</summary>
    public RedisKey QueueEntries(string domain) => $"{prefix}q:{{{domain}}}:entries";

    /// <summary>Sorted set: message ids scored by due time (Unix ms).</summary>
    public RedisKey QueueDue(string domain) => $"{prefix}q:{{{domain}}}:due";

    /// <summary>Set: domains whose queue is not empty.</summary>
    public RedisKey QueueDomains() => $"{prefix}q:domains";
}
