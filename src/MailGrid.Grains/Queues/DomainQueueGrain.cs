using MailGrid.Delivery;
using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Storage;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Queues;

/// <summary>
/// One destination domain's outbound queue. The entries live in the queue store (one record per message,
/// indexed by due time); the grain owns the destination's limits — connection slots, rate, suspension — and
/// hands batches to <see cref="IDeliveryWorkerGrain"/> slots spread over the cluster. Passes run on an
/// interleaving timer so enqueues and admin calls are taken while deliveries are in flight; within a pass each
/// connection slot runs its own loop (take a batch, deliver it, apply its outcomes), so no slot waits for another.
/// </summary>
public sealed partial class DomainQueueGrain(
    [PersistentState("domain-queue", MailGridStorageNames.GrainState)] IPersistentState<DomainQueueState> state,
    IQueueStore store,
    IDeliveryJournal journal,
    IOptionsMonitor<DeliveryOptions> options,
    IOptionsMonitor<DeliveryLimitsOptions> limitsOptions,
    TimeProvider time,
    ILogger<DomainQueueGrain> logger) : Grain, IDomainQueueGrain
{
    private static readonly TimeSpan TroubleRetryDelay = TimeSpan.FromSeconds(5);
    private readonly DestinationRateLimiter _rate = new(time);
    private readonly HashSet<string> _removedDuringPass = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finishedDuringRead = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Task> _slots = [];
    private IGrainTimer? _timer;
    private CancellationToken _passCancellation;
    private bool _delivering;
    private bool _passTrouble;
    private bool _retryAllRequested;
    private int _readsInProgress;
    private int _busySlots;
    private long _wakeUps;
    private int _unreachableRounds;
    private int _suspensions;
    private DateTimeOffset? _suspendedUntil;
    private DateTimeOffset? _rateLimitedUntil;

    private string Domain => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task EnqueueAsync(QueueEntry entry)
    {
        await store.UpsertAsync(Domain, entry, CancellationToken.None);
        RequestPass();
    }

    public Task WakeAsync()
    {
        RequestPass();
        return Task.CompletedTask;
    }

    public async Task<DomainQueueSummary> GetSummaryAsync() => new()
    {
        Domain = Domain,
        Depth = await store.CountAsync(Domain, CancellationToken.None),
        NextDueAt = await store.GetNextDueAsync(Domain, CancellationToken.None),
        Delivering = _delivering,
        Paused = state.State.Paused,
        SuspendedUntil = _suspendedUntil,
        RateLimitedUntil = _rateLimitedUntil > time.GetUtcNow() ? _rateLimitedUntil : null,
    };

    public async Task<QueueEntry[]> ListAsync(int limit) => [.. await store.ListAsync(Domain, Math.Clamp(limit, 1, 10_000), CancellationToken.None)];

    public async Task PauseAsync()
    {
        state.State.Paused = true;
        await state.WriteStateAsync();
        LogPaused(logger, Domain);
    }

    public async Task ResumeAsync()
    {
        state.State.Paused = false;
        await state.WriteStateAsync();
        LogResumed(logger, Domain);
        RequestPass();
    }

    public async Task<bool> RetryNowAsync(string? messageId)
    {
        _suspendedUntil = null;
        if (messageId is null)
        {
            _retryAllRequested = true;
            RequestPass();
            return true;
        }

        if (_inFlight.Contains(messageId))
        {
            // Being attempted right now; rewriting its due time could resurrect it after its outcome removed it.
            return true;
        }

        var entry = await FindAsync(messageId);
        if (entry is null)
        {
            return false;
        }

        await store.UpsertAsync(Domain, entry with { DueAt = time.GetUtcNow() }, CancellationToken.None);
        RequestPass();
        return true;
    }

    public Task<bool> BounceAsync(string messageId) => FailByAdministratorAsync(messageId, "550 5.0.0 Message bounced by the administrator");

    public Task<bool> DeleteAsync(string messageId) => FailByAdministratorAsync(messageId, "550 5.0.0 Message deleted by the administrator");

    private async Task<bool> FailByAdministratorAsync(string messageId, string detail)
    {
        var entry = await FindAsync(messageId);
        if (entry is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var outcomes = entry.Recipients.Select(r => new RecipientOutcome { Address = r, State = RecipientState.Failed, Detail = detail, At = now }).ToArray();
        await GrainFactory.GetGrain<IMessageGrain>(messageId).ReportAsync(outcomes);
        await store.RemoveAsync(Domain, messageId, CancellationToken.None);
        if (_delivering)
        {
            // The running pass may have read the entry before it was removed (a worker may have it right now, or
            // its outcome is being applied): whatever comes back for it must not put it back in the queue.
            _removedDuringPass.Add(messageId);
        }

        return true;
    }

    private Task<QueueEntry?> FindAsync(string messageId) => store.GetAsync(Domain, messageId, CancellationToken.None);
}
