namespace MailGrid.Storage.Tests.Grains;

/// <summary>A tiny grain whose state lives in the grain storage under test.</summary>
public sealed class CounterGrain([PersistentState("counter", LocalGrainStorageClusterTests.StorageName)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);
}
